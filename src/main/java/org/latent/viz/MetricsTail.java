package org.latent.viz;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The header and the last rows of a metrics.csv, read in one pass without holding the whole file.
 * Cells are split on commas: metrics files hold names and numbers, never quoted commas.
 */
record MetricsTail(List<String> header, List<List<String>> rows, long totalRows) {

    static MetricsTail read(Path csv, int lastRows) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = null;
            Deque<List<String>> tail = new ArrayDeque<>(lastRows);
            long total = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = Arrays.asList(line.split(",", -1));
                if (header == null) {
                    header = cells;
                    continue;
                }
                total++;
                if (tail.size() == lastRows) {
                    tail.removeFirst();
                }
                tail.addLast(cells);
            }
            List<String> names = header == null ? List.of() : header;
            return new MetricsTail(names, new ArrayList<>(tail), total);
        }
    }
}
