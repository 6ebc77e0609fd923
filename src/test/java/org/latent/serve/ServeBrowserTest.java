package org.latent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.cli.Main;
import org.latent.config.RunConfig;
import org.latent.io.Json;
import org.latent.runs.MetricsLog;
import org.latent.train.EpochMetrics;
import org.latent.train.Trainer;
import org.latent.train.TrainingListener;

/**
 * `latent serve` in a real browser: headless Chromium (the distribution's package; skipped where
 * /usr/bin/chromium is absent) loads the list, a report and the page of a GAN that is training, waits
 * for the page's own polling to show newer epochs and a newer sample grid, and keeps screenshots
 * (target/serve-screenshots, or the folder in -Dlatent.screenshots).
 */
class ServeBrowserTest {
    static final String GAN = """
            {"name": "font-gan", "seed": 1, "device": "cpu", "data": {"dataset": "fonts", "font": 2},
             "model": {"family": "gan", "architecture": "mlp", "hidden": [32], "latent": 8, "sample_every": 1},
             "optimizer": {"name": "adam", "lr": 2e-3, "beta1": 0.5},
             "training": {"batch": 8, "epochs": 100, "log_every": 1, "steps_per_epoch": 4}}
            """;

    @Test
    void listReportAndALiveRunInChromium(@TempDir Path dir) throws Exception {
        assumeTrue(Chromium.available(), "no " + Chromium.BINARY + " (apt-get install chromium); the browser test is skipped");
        Path shots = Path.of(System.getProperty("latent.screenshots", "target/serve-screenshots"));
        Path runs = dir.resolve("runs");

        // A finished run with a report, and a second one to compare with.
        for (String[] v : List.of(new String[] {"fonts-vae", "2", "8"}, new String[] {"fonts-vae-latent3", "3", "8"})) {
            Path config = dir.resolve(v[0] + ".json");
            Files.writeString(config, RunServerTest.FONTS_VAE.replace("\"fonts-vae\"", "\"" + v[0] + "\"")
                    .replace("\"latent\": 2", "\"latent\": " + v[1]).replace("\"epochs\": 3", "\"epochs\": " + v[2]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            assertEquals(0, Main.run(new String[] {"train", config.toString(), "--out", runs.toString()}, print, print), out::toString);
        }

        // A GAN that trains in the background, slowed to about 0.3 s per epoch so that the page sees it move.
        AtomicBoolean hurry = new AtomicBoolean();
        TrainingListener slow = new TrainingListener() {
            @Override
            public void epochFinished(EpochMetrics m) {
                try {
                    if (!hurry.get()) Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        RunConfig gan = RunConfig.fromJson(Json.parseObject(GAN, "gan"), "font-gan");
        CompletableFuture<Trainer.Run> training = CompletableFuture.supplyAsync(() -> new Trainer(gan).output(runs).listener(slow).fit());
        Path live = runs.resolve("font-gan");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (rows(live) < 3) {
            assertTrue(System.nanoTime() < deadline && !training.isDone(), "the GAN wrote no 3 epochs in 120 s" + (training.isDone() ? ": " + training : ""));
            Thread.sleep(100);
        }

        Chromium browser;
        try {
            browser = new Chromium(1280, 860);
        } catch (java.io.IOException e) {
            // An installed but unusable browser (missing libraries, no /dev/shm, ...) is the machine's problem, not serve's.
            hurry.set(true);
            training.get(300, TimeUnit.SECONDS);
            org.junit.jupiter.api.Assumptions.abort("chromium does not start here; the browser test is skipped: " + e.getMessage());
            return;
        }
        try (RunServer server = RunServer.start(runs, "127.0.0.1", 0); Chromium chromium = browser) {
            // The list: every run, the GAN still training.
            chromium.open(server.url());
            String list = (String) chromium.eval("document.getElementById('runs').innerText");
            for (String s : List.of("fonts-vae", "fonts-vae-latent3", "font-gan", "complete", "unfinished", "8/8")) {
                assertTrue(list.contains(s), "list lacks " + s + ":\n" + list);
            }
            chromium.screenshot(shots.resolve("serve-list.png"), false);

            // The GAN's page: curves drawn, then updated by the page's own polling while the run trains.
            chromium.open(server.url() + "run/font-gan/");
            assertTrue(chromium.waitFor("document.querySelectorAll('#loss polyline.curve').length > 0", 10), "no loss curve drawn");
            int firstEpochs = epochs(chromium);
            long firstPoints = points(chromium);
            String firstImage = (String) chromium.eval("document.getElementById('sample').getAttribute('src')");
            assertTrue(firstImage.startsWith("samples-epoch-"), firstImage);
            assertTrue(chromium.waitFor("(+document.getElementById('updated').getAttribute('data-polls') || 0) >= 2"
                    + " && parseInt(document.getElementById('epochs').textContent) >= " + (firstEpochs + 3), 40),
                    "the page did not update itself: still " + chromium.eval("document.getElementById('epochs').textContent"));
            int laterEpochs = epochs(chromium);
            assertTrue(laterEpochs > firstEpochs, firstEpochs + " -> " + laterEpochs);
            assertTrue(points(chromium) > firstPoints, "the curve has more points");
            String laterImage = (String) chromium.eval("document.getElementById('sample').getAttribute('src')");
            assertTrue(!laterImage.equals(firstImage), "a newer sample grid: " + firstImage + " -> " + laterImage);
            assertTrue(chromium.waitFor("document.getElementById('sample').complete && document.getElementById('sample').naturalWidth > 0", 10));
            assertTrue(chromium.waitFor("document.querySelectorAll('#gan polyline.curve').length === 2", 10), "the GAN's losses");
            assertEquals("unfinished", chromium.eval("document.querySelector('#status .status').textContent"));
            String figures = (String) chromium.eval("document.getElementById('figures').textContent");
            assertTrue(figures.matches("(?s).*samples-epoch-NNN\\.png \\((\\d+), newest samples-epoch-0*" + laterImage.replaceAll("\\D*0*(\\d+).*", "$1")
                    + "\\.png\\).*"), "the figures line follows the run: " + figures + " / " + laterImage);
            chromium.screenshot(shots.resolve("serve-live.png"), true);

            // A report, with every figure loaded.
            chromium.open(server.url() + "run/fonts-vae/report.html");
            assertTrue(chromium.waitFor("[...document.images].length > 0 && [...document.images].every(i => i.complete && i.naturalWidth > 0)", 10),
                    "the report's figures do not load");
            chromium.screenshot(shots.resolve("serve-report.png"), true);

            // Two runs compared.
            chromium.open(server.url() + "compare?run=fonts-vae&run=fonts-vae-latent3");
            assertTrue(chromium.waitFor("document.querySelectorAll('#loss polyline.curve').length === 2", 10), "two overlaid curves");
            chromium.screenshot(shots.resolve("serve-compare.png"), false);

            // A damaged folder gets an explanation in the browser too.
            Path damaged = Files.createDirectories(runs.resolve("damaged"));
            Files.copy(runs.resolve("fonts-vae/config.json"), damaged.resolve("config.json"));
            Files.writeString(damaged.resolve("metrics.csv"), "not,a,metrics,file\n");
            chromium.open(server.url() + "run/damaged/");
            String text = (String) chromium.eval("document.body.innerText");
            assertTrue(text.contains("cannot be read in full") && text.contains("metrics.csv"), text);
        } finally {
            hurry.set(true);
            training.get(300, TimeUnit.SECONDS);
        }
        for (String png : List.of("serve-list.png", "serve-live.png", "serve-report.png", "serve-compare.png")) {
            assertTrue(ImageIO.read(shots.resolve(png).toFile()).getWidth() >= 1000, png);
        }
    }

    private static int rows(Path run) {
        Path csv = run.resolve("metrics.csv");
        try {
            return Files.isRegularFile(csv) ? MetricsLog.read(csv).size() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static int epochs(Chromium c) throws Exception {
        return Integer.parseInt(((String) c.eval("document.getElementById('epochs').textContent")).split("/")[0].trim());
    }

    private static long points(Chromium c) throws Exception {
        return ((Number) c.eval("document.querySelector('#loss polyline.curve').getAttribute('points').split(' ').length")).longValue();
    }
}
