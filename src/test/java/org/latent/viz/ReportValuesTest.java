package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.io.Json;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** report.html of summaries with nested values, the config, the description and the date. */
class ReportValuesTest {
    @TempDir
    Path dir;

    private static void contains(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), () -> "lacks '" + p + "' in:\n" + text);
    }

    private String write(Map<String, Object> summary, String metricsCsv) throws Exception {
        if (metricsCsv != null) Files.writeString(dir.resolve("metrics.csv"), metricsCsv);
        Report.write(dir, new Report.Page("run (vae)", "A VAE with a 2-D latent space", "2025-06-01 12:00 UTC", summary,
                "{\n  \"name\" : \"run\",\n  \"seed\" : 1\n}", List.of()));
        String html = Files.readString(dir.resolve("report.html"));
        Document page = assertDoesNotThrow(() -> DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("report.html").toFile()), "well-formed XHTML");
        assertEquals("run (vae)", page.getElementsByTagName("title").item(0).getTextContent());
        return html;
    }

    /** The summary of a classifier as summary.json holds it (read back from JSON, as RunFigures gets it). */
    private static Map<String, Object> classifierSummary() {
        return Json.parseObject("""
                {"name": "mnist-mlp", "status": "complete", "family": "classifier", "parameters": 1316824,
                 "epochs": 3, "step_in_epoch": 0, "global_step": 1800, "train_loss": 0.0521234, "test_loss": 0.08012,
                 "test_accuracy": 0.9731, "seconds": 4766.5602, "examples_per_second": 4766.5602, "report": "report.html",
                 "confusion": {"set": "test", "examples": 4, "errors": 1, "counts": [[971, 0], [1, 1134]]},
                 "most_confidently_wrong": [{"index": 7, "true": 1, "said": 0, "probability": 0.99}]}
                """, "test");
    }

    @Test
    void nestedValuesAreTablesNotJavaMaps() throws Exception {
        String html = write(classifierSummary(), null);
        assertFalse(html.contains("{set=") || html.contains("=[[") || html.contains("counts=") || html.contains("{index="), html);
        contains(html, "<td class=\"num\">1,316,824</td>", "<td class=\"num\">0.05212</td>", "<td class=\"num\">0.9731</td>",
                "<td class=\"num\">4,767</td>", "1 h 19 min");
        assertFalse(html.contains("4766.5602") || html.contains("1316824"), "no raw numbers");
        assertFalse(html.contains("step in epoch"), "a finished run's step in epoch (0) is not shown");
        contains(html, "<h2>Confusion matrix</h2>", "<table class=\"matrix\">", "predicted", ">true<",
                "<td class=\"diagonal\">971</td>", "<td class=\"zero\">0</td>", "<td class=\"diagonal\">1,134</td>");
        contains(html, "<h2>Most confidently wrong</h2>", "<th>said</th>", "<td class=\"num\">0.9900</td>");
    }

    @Test
    void analysesAreKeyValueTablesAndGridsOfRows() throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", "complete");
        s.put("kmeans", Json.parseObject("""
                {"clusters": 10, "examples": 1000, "codes": {"purity": 0.61234, "nmi": 0.5},
                 "pixels": {"purity": 0.58, "nmi": 0.49}}""", "t"));
        s.put("gan", Json.parseObject("""
                {"generator_loss": 0.7475832931954285, "discriminator_loss": 1.31, "checks": [
                  {"epoch": 1, "discriminator_accuracy_real": 0.5, "sample_pixel_std": 0.2},
                  {"epoch": 2, "discriminator_accuracy_real": 0.6, "sample_pixel_std": 0.21}],
                 "warnings": ["sample diversity fell"],
                 "judge": {"generated_images": 2000, "real": {"inception_score": 9.1}, "generator": [{"epoch": 2, "inception_score": 4.2}]}}""",
                "t"));
        String html = write(s, null);
        String text = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("report.html").toFile())
                .getElementsByTagName("body").item(0).getTextContent();
        String shown = text.substring(0, text.indexOf("Config (config.json)"));
        assertFalse(shown.contains("{") || shown.contains("="), "no maps printed as text:\n" + shown);
        contains(html, "<h2>k-means clusters</h2>", "<th>clusters</th><td class=\"num\">10</td>",
                "<th>purity</th><th>nmi</th>", "<th>codes</th><td class=\"num\">0.6123</td><td class=\"num\">0.5000</td>");
        contains(html, "<h2>GAN</h2>", "<th>generator loss</th><td class=\"num\">0.7476</td>", "<h3>GAN: checks</h3>",
                "<th>epoch</th><th>discriminator accuracy real</th>", "<li>sample diversity fell</li>", "<h3>GAN: judge</h3>",
                "<td class=\"num\">2,000</td>", "GAN: judge: real", "<td class=\"num\">9.1000</td>");
        assertFalse(html.contains("0.7475832931954285"));
    }

    @Test
    void showsTheConfigTheDescriptionAndTheDate() throws Exception {
        String html = write(Map.of("status", "complete"), null);
        contains(html, "<p class=\"description\">A VAE with a 2-D latent space</p>", "report written 2025-06-01 12:00 UTC",
                "<details>", "<summary>Config (config.json)</summary>", "&quot;seed&quot; : 1");
    }

    @Test
    void metricsColumnsNothingWasMeasuredInAreLeftOutAndNumbersFormatted() throws Exception {
        String html = write(Map.of("status", "complete"), """
                epoch,step,train_loss,validation_loss,test_loss,seconds,examples_per_second,train_accuracy,validation_accuracy,test_accuracy
                1,600,163.41234,,160.5,12.25,4766.5602,,,
                2,1200,120.2,,118.75,11.5,5012.1,,,
                """);
        Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("report.html").toFile());
        NodeList tables = page.getElementsByTagName("table");
        Element metrics = null;
        for (int i = 0; i < tables.getLength(); i++) {
            if (((Element) tables.item(i)).getAttribute("class").equals("metrics")) metrics = (Element) tables.item(i);
        }
        assertTrue(metrics != null, html);
        NodeList heads = metrics.getElementsByTagName("th");
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < heads.getLength(); i++) names.append(heads.item(i).getTextContent()).append('|');
        assertEquals("epoch|step|train loss|test loss|seconds|examples per second|", names.toString());
        contains(html, "<td>1</td><td>600</td><td>163.4123</td><td>160.5000</td><td>12.3 s</td><td>4,767</td>",
                "<td>1,200</td>");
    }
}
