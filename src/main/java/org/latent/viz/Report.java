package org.latent.viz;

import static org.latent.viz.Html.escape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one page that shows a run: its title, description and date, the summary (nested values as
 * tables: a confusion matrix as a matrix, analyses as key/value tables, per-epoch checks as rows),
 * the latest metrics (formatted, columns nothing was measured in left out), every figure and the
 * config (collapsible). The page is XHTML-compatible HTML with inline CSS and relative image links,
 * so it opens from disk.
 */
public final class Report {
    static final String FILE_NAME = "report.html";
    static final String METRICS_FILE = "metrics.csv";
    static final int METRICS_ROWS = 10;
    /** Longer lists of numbers are cut to this many values. */
    private static final int LIST_VALUES = 20;
    /** Summary keys not shown: the report's own file name. */
    private static final Set<String> HIDDEN = Set.of("report");

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 72em; color: #222; padding: 0 1em; }
            h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
            h3 { font-size: 1em; margin: 1.2em 0 0.4em; }
            p.description { font-size: 1.05em; margin: 0.3em 0; } p.meta { color: #666; margin: 0.2em 0 1em; }
            table { border-collapse: collapse; font-size: 0.9em; margin: 0.2em 0; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            td.num, table.metrics td, table.matrix td { text-align: right; font-variant-numeric: tabular-nums; }
            table.matrix td.zero { color: #bbb; } table.matrix td.diagonal { background: #eef5ea; font-weight: bold; }
            th { background: #f2f2f2; } td > table { margin: 0; }
            figure { display: inline-block; vertical-align: top; margin: 0 1.5em 1.5em 0; }
            img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 0.9em; margin-top: 0.3em; max-width: 50em; }
            details { margin-top: 1.6em; } summary { cursor: pointer; font-weight: bold; }
            pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
            ul.warnings li { color: #a33; }
            .file, .note { color: #777; }
            """;

    private Report() {}

    /** A figure of the run: a PNG path relative to the run folder (forward slashes), a caption. */
    public record Figure(String file, String caption) {}

    /**
     * What the page shows: {@code summary} is summary.json's content (nested maps and lists allowed);
     * {@code description}, {@code date} and {@code configJson} may be empty.
     */
    public record Page(String title, String description, String date, Map<String, ?> summary, String configJson,
                       List<Figure> figures) {
        public Page {
            description = description == null ? "" : description;
            date = date == null ? "" : date;
            configJson = configJson == null ? "" : configJson;
            summary = summary == null ? Map.of() : summary;
            figures = figures == null ? List.of() : List.copyOf(figures);
        }
    }

    /**
     * Writes dir/report.html: title, a table of the key/value summary (in order), a table of the
     * last rows of metrics.csv (read from dir if present), and every PNG listed with its caption.
     * Written atomically (temp file + rename).
     */
    public static void write(Path dir, String title, Map<String, String> summary, List<Figure> figures) throws IOException {
        write(dir, new Page(title, "", "", summary, "", figures));
    }

    /** Writes dir/report.html for {@code page}, atomically (temp file + rename). */
    public static void write(Path dir, Page page) throws IOException {
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>").append(escape(page.title())).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(page.title())).append("</h1>\n");
        if (!page.description().isBlank()) out.append("<p class=\"description\">").append(escape(page.description())).append("</p>\n");
        String meta = meta(page);
        if (!meta.isEmpty()) out.append("<p class=\"meta\">").append(escape(meta)).append("</p>\n");
        Map<String, Object> scalars = new LinkedHashMap<>(), nested = new LinkedHashMap<>();
        page.summary().forEach((k, v) -> {
            if (v == null || HIDDEN.contains(k) || (v instanceof String s && s.isEmpty())) return;
            if (k.equals("step_in_epoch") && v instanceof Number n && n.intValue() == 0) return; // only a stopped run's
            if (v instanceof Map<?, ?> || (v instanceof List<?> l && !isScalarList(l))) nested.put(k, v);
            else scalars.put(k, v);
        });
        if (!scalars.isEmpty()) {
            out.append("<h2>Summary</h2>\n");
            keyValues(out, scalars);
        }
        nested.forEach((k, v) -> section(out, 2, heading(k), k, v));
        Path metrics = dir.resolve(METRICS_FILE);
        if (Files.isRegularFile(metrics)) appendMetrics(out, MetricsTail.read(metrics, METRICS_ROWS));
        appendFigures(out, dir, page.figures());
        if (!page.configJson().isBlank()) {
            out.append("<details>\n<summary>Config (config.json)</summary>\n<pre>").append(escape(page.configJson().strip()))
                    .append("</pre>\n</details>\n");
        }
        out.append("</body>\n</html>\n");
        AtomicFiles.writeString(dir.resolve(FILE_NAME), out.toString());
    }

    private static String meta(Page page) {
        List<String> parts = new ArrayList<>();
        if (page.summary().get("status") instanceof String s) parts.add(s + (page.summary().get("message") instanceof String m ? ": " + m : ""));
        if (!page.date().isBlank()) parts.add("report written " + page.date());
        return String.join(" \u00b7 ", parts);
    }

    /** "train_loss" as "train loss". */
    static String label(String key) {
        return key.replace('_', ' ');
    }

    /** A section's heading for a summary key. */
    static String heading(String key) {
        String known = switch (key) {
            case "gan" -> "GAN";
            case "kmeans" -> "k-means clusters";
            case "confusion" -> "Confusion matrix";
            case "eval" -> "Last evaluation (latent eval)";
            case "powell" -> "Powell's method";
            case "judge" -> "Judge";
            default -> null;
        };
        if (known != null) return known;
        String l = label(key);
        return l.isEmpty() ? l : Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    /**
     * A nested summary value under a heading: a map's plain values in one key/value table, each of its
     * nested values (tables of rows, lists, maps) as a subsection; other values as they are.
     */
    private static void section(StringBuilder out, int level, String title, String key, Object v) {
        int h = Math.min(level, 4);
        out.append("<h").append(h).append(">").append(escape(title)).append("</h").append(h).append(">\n");
        if (v instanceof Map<?, ?> m && !m.isEmpty() && !isMapOfFlatMaps(m)) {
            Map<Object, Object> plain = new LinkedHashMap<>(), flat = new LinkedHashMap<>(), inner = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (x instanceof Map<?, ?> f && isFlat(f)) flat.put(k, x);
                else if (x instanceof Map<?, ?> || (x instanceof List<?> l && !l.isEmpty() && !isScalarList(l))) inner.put(k, x);
                else plain.put(k, x);
            });
            if (flat.size() == 1) inner.putAll(flat);
            if (!plain.isEmpty()) keyValues(out, plain);
            if (flat.size() > 1) keyValues(out, flat); // k-means on codes and on pixels: one grid of their scores
            inner.forEach((k, x) -> section(out, level + 1, title + ": " + label(String.valueOf(k)), String.valueOf(k), x));
        } else {
            value(out, key, v);
        }
        out.append('\n');
    }

    private static boolean isMapOfFlatMaps(Map<?, ?> m) {
        return !m.isEmpty() && m.values().stream().allMatch(v -> v instanceof Map<?, ?> inner && isFlat(inner));
    }

    /** A table of key/value rows; nested values become tables in the value cell. */
    private static void keyValues(StringBuilder out, Map<?, ?> m) {
        // A map of maps that share their keys (k-means on codes and on pixels: purity, nmi) reads best as one grid.
        if (isMapOfFlatMaps(m)) {
            List<Map<?, ?>> rows = new ArrayList<>();
            List<String> names = new ArrayList<>();
            m.forEach((k, v) -> {
                names.add(String.valueOf(k));
                rows.add((Map<?, ?>) v);
            });
            grid(out, "", names, rows);
            return;
        }
        out.append("<table class=\"summary\">\n");
        m.forEach((k, v) -> {
            if (v == null || (v instanceof String s && s.isEmpty())) return;
            out.append("<tr><th>").append(escape(label(String.valueOf(k)))).append("</th>");
            boolean number = v instanceof Number;
            out.append(number ? "<td class=\"num\">" : "<td>");
            value(out, String.valueOf(k), v);
            out.append("</td></tr>\n");
        });
        out.append("</table>\n");
    }

    /** One value: text, a formatted number, a list, a matrix, a table of rows or of keys. */
    private static void value(StringBuilder out, String key, Object v) {
        if (v == null) {
            out.append("\u2014");
        } else if (v instanceof Number n) {
            out.append(escape(Numbers.format(key, n)));
        } else if (v instanceof Boolean b) {
            out.append(b ? "yes" : "no");
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) out.append("none");
            else keyValues(out, m);
        } else if (v instanceof List<?> l) {
            list(out, key, l);
        } else {
            out.append(escape(String.valueOf(v)));
        }
    }

    private static void list(StringBuilder out, String key, List<?> l) {
        if (l.isEmpty()) {
            out.append("none");
        } else if (isMatrix(l)) {
            matrix(out, key, l);
        } else if (l.stream().allMatch(e -> e instanceof Map<?, ?>)) {
            List<Map<?, ?>> rows = new ArrayList<>();
            for (Object e : l) rows.add((Map<?, ?>) e);
            grid(out, null, null, rows);
        } else if (l.stream().allMatch(e -> e instanceof String)) {
            out.append(key.equals("warnings") ? "<ul class=\"warnings\">" : "<ul>");
            for (Object e : l) out.append("<li>").append(escape((String) e)).append("</li>");
            out.append("</ul>");
        } else {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(LIST_VALUES, l.size()); i++) {
                Object e = l.get(i);
                shown.add(e instanceof Number n ? Numbers.format(key, n) : String.valueOf(e));
            }
            out.append(escape(String.join(", ", shown)));
            if (l.size() > LIST_VALUES) out.append(escape(", \u2026 (" + l.size() + " values)"));
        }
    }

    /** Rows of maps as one table: a column per key (in first-seen order), {@code names} (if given) heading each row. */
    private static void grid(StringBuilder out, String corner, List<String> names, List<Map<?, ?>> rows) {
        Set<String> columns = new LinkedHashSet<>();
        for (Map<?, ?> r : rows) for (Object k : r.keySet()) columns.add(String.valueOf(k));
        out.append("<table class=\"grid\">\n<tr>");
        if (names != null) out.append("<th>").append(escape(corner)).append("</th>");
        for (String c : columns) out.append("<th>").append(escape(label(c))).append("</th>");
        out.append("</tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            out.append("<tr>");
            if (names != null) out.append("<th>").append(escape(label(names.get(i)))).append("</th>");
            for (String c : columns) {
                Object v = rows.get(i).get(c);
                out.append(v instanceof Number ? "<td class=\"num\">" : "<td>");
                if (v != null) value(out, c, v);
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>");
    }

    /** A list of equally long lists of numbers; a confusion matrix's counts (rows: true class, columns: predicted). */
    private static void matrix(StringBuilder out, String key, List<?> rows) {
        boolean confusion = key.equals("counts");
        int cols = ((List<?>) rows.get(0)).size();
        out.append("<table class=\"matrix\">\n");
        if (confusion) {
            out.append("<tr><th rowspan=\"2\">true</th><th colspan=\"").append(cols).append("\">predicted</th></tr>\n");
        }
        out.append("<tr>").append(confusion ? "" : "<th></th>");
        for (int c = 0; c < cols; c++) out.append("<th>").append(c).append("</th>");
        out.append("</tr>\n");
        for (int r = 0; r < rows.size(); r++) {
            out.append("<tr><th>").append(r).append("</th>");
            List<?> row = (List<?>) rows.get(r);
            for (int c = 0; c < cols; c++) {
                Number n = (Number) row.get(c);
                String cls = confusion && r == c ? "diagonal" : n.doubleValue() == 0 ? "zero" : "";
                out.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">").append(escape(Numbers.format(key, n))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>");
    }

    private static boolean isMatrix(List<?> l) {
        if (!(l.get(0) instanceof List<?> first) || first.isEmpty()) return false;
        for (Object r : l) {
            if (!(r instanceof List<?> row) || row.size() != first.size()) return false;
            for (Object e : row) if (!(e instanceof Number)) return false;
        }
        return true;
    }

    private static boolean isScalarList(List<?> l) {
        for (Object e : l) if (e instanceof Map<?, ?> || e instanceof List<?>) return false;
        return l.stream().noneMatch(e -> e instanceof String) || l.isEmpty();
    }

    private static boolean isFlat(Map<?, ?> m) {
        for (Object v : m.values()) if (v instanceof Map<?, ?> || v instanceof List<?>) return false;
        return !m.isEmpty();
    }

    private static void appendMetrics(StringBuilder page, MetricsTail metrics) {
        String shown = metrics.rows().size() == metrics.totalRows() ? "All "
                : "The last " + metrics.rows().size() + " of ";
        page.append("<h2>Metrics</h2>\n<p class=\"note\">").append(shown)
                .append(metrics.totalRows()).append(" rows of <a href=\"").append(METRICS_FILE)
                .append("\">").append(METRICS_FILE).append("</a>.</p>\n");
        if (metrics.rows().isEmpty()) {
            return;
        }
        // Columns nothing was measured in (a VAE's accuracies, a validation loss without a validation set) are left out.
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < metrics.header().size(); c++) {
            for (List<String> row : metrics.rows()) {
                if (c < row.size() && !row.get(c).isBlank()) {
                    kept.add(c);
                    break;
                }
            }
        }
        page.append("<table class=\"metrics\">\n<thead><tr>");
        for (int c : kept) page.append("<th>").append(escape(label(metrics.header().get(c)))).append("</th>");
        page.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : metrics.rows()) {
            page.append("<tr>");
            for (int c : kept) {
                String cell = c < row.size() ? row.get(c) : "";
                page.append("<td>").append(escape(cell(metrics.header().get(c), cell))).append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    /** A metrics.csv cell formatted like the summary: "1,200" steps, "96.1234" losses, "0.53 s". */
    private static String cell(String column, String text) {
        if (text.isBlank()) return "";
        try {
            double v = Double.parseDouble(text);
            String c = column.toLowerCase(Locale.ROOT);
            if ((c.equals("epoch") || c.equals("step")) && v == Math.rint(v)) return String.format(Locale.ROOT, "%,d", (long) v);
            return Numbers.format(column, v);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static void appendFigures(StringBuilder page, Path dir, List<Figure> figures) {
        if (figures.isEmpty()) {
            return;
        }
        page.append("<h2>Figures</h2>\n");
        for (Figure figure : figures) {
            if (Path.of(figure.file()).isAbsolute()) {
                throw new IllegalArgumentException("figure paths are relative to the run folder: "
                        + figure.file());
            }
            String caption = escape(figure.caption());
            String file = escape(figure.file());
            page.append("<figure>");
            if (Files.isRegularFile(dir.resolve(figure.file()))) {
                page.append("<img src=\"").append(escape(Html.relativeLink(figure.file())))
                        .append("\" alt=\"").append(caption).append("\"/>");
            } else {
                page.append("<p class=\"note\">missing</p>");
            }
            page.append("<figcaption>").append(caption).append(" <span class=\"file\">")
                    .append(file).append("</span></figcaption></figure>\n");
        }
    }
}
