package org.latent.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latent.nn.Dropout;
import org.latent.nn.Layer;
import org.latent.nn.Sequential;
import org.latent.rng.RandomKey;

/** The dropout layers' random streams of a model's networks, named "network.layerIndex" for checkpoints. */
final class RandomStreams {
    private RandomStreams() {}

    static Map<String, RandomKey> dropoutKeys(Map<String, Sequential> networks) {
        Map<String, RandomKey> keys = new LinkedHashMap<>();
        forEachDropout(networks, (name, d) -> keys.put(name, d.randomKey()));
        return keys;
    }

    static void restoreDropoutKeys(Map<String, Sequential> networks, Map<String, RandomKey> keys) {
        forEachDropout(networks, (name, d) -> {
            RandomKey k = keys.get(name);
            if (k == null) throw new IllegalArgumentException("the checkpoint has no random stream for " + name);
            d.setRandomKey(k);
        });
    }

    private interface DropoutVisitor {
        void visit(String name, Dropout d);
    }

    private static void forEachDropout(Map<String, Sequential> networks, DropoutVisitor v) {
        for (Map.Entry<String, Sequential> e : networks.entrySet()) {
            List<Layer> layers = e.getValue().layers();
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof Dropout d) v.visit(e.getKey() + ".dropout" + i, d);
            }
        }
    }
}
