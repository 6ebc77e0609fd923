package org.latent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Layer-size lists: JSON arrays in configs, int arrays in model specs. */
final class Layers {
    private Layers() {}

    static List<Integer> of(int... sizes) {
        List<Integer> l = new ArrayList<>();
        for (int s : sizes) l.add(s);
        return List.copyOf(l);
    }

    static int[] array(List<Integer> sizes) {
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<Integer> reversed(List<Integer> sizes) {
        List<Integer> r = new ArrayList<>(sizes);
        Collections.reverse(r);
        return List.copyOf(r);
    }
}
