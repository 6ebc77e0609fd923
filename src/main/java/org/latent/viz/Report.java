package org.latent.viz;

import static org.latent.viz.Html.escape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one page that shows a run: its summary, the latest metrics and every figure. The page is
 * XHTML-compatible HTML with inline CSS and relative image links, so it opens from disk.
 */
public final class Report {
    static final String FILE_NAME = "report.html";
    static final String METRICS_FILE = "metrics.csv";
    static final int METRICS_ROWS = 10;

    private static final String STYLE = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
            table { border-collapse: collapse; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
            table.metrics td { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #f2f2f2; }
            figure { display: inline-block; vertical-align: top; margin: 0 1.5em 1.5em 0; }
            img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 0.9em; margin-top: 0.3em; }
            .file, .note { color: #777; }
            """;

    private Report() {}

    /** A figure of the run: a PNG path relative to the run folder (forward slashes), a caption. */
    public record Figure(String file, String caption) {}

    /**
     * Writes dir/report.html: title, a table of the key/value summary (in order), a table of the
     * last rows of metrics.csv (read from dir if present), and every PNG listed with its caption.
     * Written atomically (temp file + rename).
     */
    public static void write(Path dir, String title, Map<String, String> summary,
            List<Figure> figures) throws IOException {
        StringBuilder page = new StringBuilder(4096);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        appendSummary(page, summary);
        Path metrics = dir.resolve(METRICS_FILE);
        if (Files.isRegularFile(metrics)) {
            appendMetrics(page, MetricsTail.read(metrics, METRICS_ROWS));
        }
        appendFigures(page, dir, figures);
        page.append("</body>\n</html>\n");
        AtomicFiles.writeString(dir.resolve(FILE_NAME), page.toString());
    }

    private static void appendSummary(StringBuilder page, Map<String, String> summary) {
        if (summary.isEmpty()) {
            return;
        }
        page.append("<h2>Summary</h2>\n<table class=\"summary\">\n");
        summary.forEach((key, value) -> page.append("<tr><th>").append(escape(key))
                .append("</th><td>").append(escape(value)).append("</td></tr>\n"));
        page.append("</table>\n");
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
        page.append("<table class=\"metrics\">\n<thead><tr>");
        metrics.header().forEach(name -> page.append("<th>").append(escape(name)).append("</th>"));
        page.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : metrics.rows()) {
            page.append("<tr>");
            row.forEach(cell -> page.append("<td>").append(escape(cell)).append("</td>"));
            page.append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n");
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
