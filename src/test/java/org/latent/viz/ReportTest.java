package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportTest {
    @TempDir
    Path dir;

    private Document parse(Path html) {
        return assertDoesNotThrow(() -> DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(html.toFile()), "report.html is well-formed XHTML");
    }

    @Test
    void reportShowsSummaryMetricsAndFigures() throws IOException {
        StringBuilder csv = new StringBuilder("epoch,loss\n");
        for (int epoch = 1; epoch <= 15; epoch++) {
            csv.append(epoch).append(',').append(100 + epoch).append(".5\n");
        }
        Files.writeString(dir.resolve("metrics.csv"), csv);
        ImageGrid.write(dir.resolve("samples.png"), new float[4], 1, 2, 2, 1, 1, 0f, 1f);
        Files.createDirectories(dir.resolve("epochs"));
        ImageGrid.write(dir.resolve("epochs/recon 1.png"), new float[4], 1, 2, 2, 1, 1, 0f, 1f);

        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("final loss", "135.98");
        summary.put("model", "<mlp> & \"vae\"");
        List<Report.Figure> figures = List.of(
                new Report.Figure("samples.png", "Random samples, J=2"),
                new Report.Figure("epochs/recon 1.png", "Reconstruction <after> epoch 1"));
        Report.write(dir, "E1 <VAE> on MNIST", summary, figures);

        Path html = dir.resolve("report.html");
        String text = Files.readString(html);
        assertTrue(text.contains("&lt;mlp&gt; &amp; &quot;vae&quot;"));
        assertFalse(text.contains("<mlp>"));
        assertTrue(text.indexOf("final loss") < text.indexOf("model"), "summary keeps its order");
        assertTrue(text.contains("samples.png") && text.contains("Random samples, J=2"));
        assertTrue(text.contains("Reconstruction &lt;after&gt; epoch 1"));
        assertTrue(text.contains("src=\"epochs/recon%201.png\""));
        assertTrue(text.contains("<td>15</td><td>115.5000</td>"), "last metrics row");
        assertTrue(text.contains("<td>6</td><td>106.5000</td>"), "tenth row from the end");
        assertFalse(text.contains("<td>5</td>"), "older rows left out");
        assertTrue(text.contains("of 15 rows"));

        Document page = parse(html);
        assertEquals("E1 <VAE> on MNIST", page.getElementsByTagName("title").item(0).getTextContent());
        NodeList images = page.getElementsByTagName("img");
        assertEquals(2, images.getLength());
        assertEquals("samples.png", ((Element) images.item(0)).getAttribute("src"));
        assertEquals(Set.of("metrics.csv", "samples.png", "epochs", "report.html"), Pngs.files(dir));
    }

    @Test
    void reportWithoutMetricsOrFilesStillOpens() throws IOException {
        Report.write(dir, "Empty run", Map.of(), List.of(new Report.Figure("loss.png", "Loss")));

        Path html = dir.resolve("report.html");
        String text = Files.readString(html);
        assertFalse(text.contains("Metrics"));
        assertTrue(text.contains("loss.png") && text.contains("missing"));
        assertEquals(0, parse(html).getElementsByTagName("img").getLength());
    }
}
