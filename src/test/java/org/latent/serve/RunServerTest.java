package org.latent.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latent.cli.Main;
import org.latent.io.Json;

/** `latent serve`'s handlers, on a real server on a free port, fetched with java.net.http. */
class RunServerTest {
    static final String FONTS_VAE = """
            {"name": "fonts-vae", "seed": 3, "device": "cpu",
             "data": {"dataset": "fonts", "font": 2, "subset": 12},
             "model": {"family": "vae", "encoder": [16], "latent": 2},
             "optimizer": {"name": "adam", "lr": 0.01},
             "training": {"batch": 5, "epochs": 3, "checkpoint_every": 2, "log_every": 2}}
            """;

    @TempDir
    static Path dir;
    static Path runs;
    static RunServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String SECRET = "the secret outside the run folders";

    @BeforeAll
    static void trainAndServe() throws Exception {
        runs = dir.resolve("runs");
        Path config = dir.resolve("fonts-vae.json");
        Files.writeString(config, FONTS_VAE);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"train", config.toString(), "--out", runs.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> out + "\n" + err);
        Path done = runs.resolve("fonts-vae");

        // Damaged: a metrics.csv that cannot be parsed.
        Path damaged = Files.createDirectories(runs.resolve("damaged"));
        Files.copy(done.resolve("config.json"), damaged.resolve("config.json"));
        Files.writeString(damaged.resolve("metrics.csv"), "epoch,step,train_loss\n1,x,oops\n");
        // Half-written: metrics and state, but no config.json.
        Path noConfig = Files.createDirectories(runs.resolve("no-config"));
        Files.copy(done.resolve("metrics.csv"), noConfig.resolve("metrics.csv"));
        // A config that is not JSON.
        Path broken = Files.createDirectories(runs.resolve("broken"));
        Files.writeString(broken.resolve("config.json"), "{\"name\": ");
        // Something to steal, outside the runs, and a link to it inside a run folder.
        Files.writeString(dir.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(done.resolve("link.txt"), dir.resolve("secret.txt"));

        server = RunServer.start(runs, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static void assertContains(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), () -> "lacks '" + p + "':\n" + text);
    }

    /** A request sent as written (no client normalizes the path): the status line's code and the whole answer. */
    static String raw(String path) throws Exception {
        return raw(path, "localhost");
    }

    static String raw(String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream o = s.getOutputStream();
            o.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void listPageShowsEveryRunWithStatusEpochsAndBestLoss() throws Exception {
        HttpResponse<byte[]> r = get("/");
        assertEquals(200, r.statusCode());
        assertContains(r.headers().firstValue("content-type").orElse(""), "text/html");
        String page = text(r);
        assertContains(page, "<a href=\"/run/fonts-vae/\">fonts-vae</a>", "vae", "fonts", "status complete", "3/3", "test ",
                "/run/fonts-vae/report.html", "status damaged", "no-config", "config.json is missing", "broken",
                "action=\"/compare\"");
        assertFalse(page.contains("Exception"), page);
    }

    @Test
    void runPageDrawsTheCurvesFromItsDataAndLinksTheReport() throws Exception {
        HttpResponse<byte[]> redirect = get("/run/fonts-vae");
        assertEquals(302, redirect.statusCode());
        assertEquals("/run/fonts-vae/", redirect.headers().firstValue("location").orElse(""));
        HttpResponse<byte[]> r = get("/run/fonts-vae/");
        assertEquals(200, r.statusCode());
        assertContains(text(r), "<h1>fonts-vae", "status complete", "<b id=\"epochs\">3/3</b>", "href=\"report.html\"",
                "href=\"metrics.csv\"", "figures: ", "href=\"loss.png\"", "const API='/api/run/fonts-vae'", "createElementNS(NS,'svg')", "\"metrics\":[{\"epoch\":1");
        assertFalse(text(r).contains("src=\"http"), "nothing fetched from elsewhere");
    }

    @Test
    void reportAndFiguresAreServedFromTheRunFolder() throws Exception {
        HttpResponse<byte[]> report = get("/run/fonts-vae/report.html");
        assertEquals(200, report.statusCode());
        assertContains(report.headers().firstValue("content-type").orElse(""), "text/html");
        assertContains(text(report), "loss.png");
        HttpResponse<byte[]> png = get("/run/fonts-vae/loss.png");
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("content-type").orElse(""));
        assertArrayEquals(Files.readAllBytes(runs.resolve("fonts-vae/loss.png")), png.body());
        HttpResponse<byte[]> missing = get("/run/fonts-vae/nothing.png");
        assertEquals(404, missing.statusCode());
        assertContains(text(missing), "has no file nothing.png");
        assertEquals(404, get("/run/nobody/").statusCode());
        assertEquals(404, get("/nowhere").statusCode());
    }

    @Test
    void jsonEndpointHasStatusEpochsAndMetricsRows() throws Exception {
        HttpResponse<byte[]> r = get("/api/run/fonts-vae");
        assertEquals(200, r.statusCode());
        assertContains(r.headers().firstValue("content-type").orElse(""), "application/json");
        Map<String, Object> d = Json.parseObject(text(r), "api");
        assertEquals("fonts-vae", d.get("name"));
        assertEquals("complete", d.get("status"));
        assertEquals(3, ((Number) d.get("epochs")).intValue());
        assertEquals(3, ((Number) d.get("epochs_asked")).intValue());
        assertEquals(true, d.get("report"));
        List<?> rows = (List<?>) d.get("metrics");
        assertEquals(3, rows.size());
        assertTrue(((Map<?, ?>) rows.get(2)).get("train_loss") instanceof Number);
        assertEquals("samples-epoch-003.png", ((Map<?, ?>) d.get("image")).get("file"), "the newest grid drawn while it trained");
        assertEquals(404, get("/api/run/nobody").statusCode());
    }

    @Test
    void pathsOutsideARunFolderAreRefused() throws Exception {
        for (String path : List.of("/run/fonts-vae/../../secret.txt", "/run/fonts-vae/..%2F..%2Fsecret.txt",
                "/run/fonts-vae/%2e%2e/%2e%2e/secret.txt", "/run/..%2Fsecret.txt/", "/run/../secret.txt",
                "/run/fonts-vae/%2Fetc%2Fpasswd", "/run/fonts-vae/..%5c..%5csecret.txt", "/api/run/..%2F..",
                "/run/fonts-vae/link.txt", "/run/fonts-vae/.latent.lock", "/run/%2e%2e/secret.txt", "/compare?run=..%2Fsecret.txt")) {
            String answer = raw(path);
            String status = answer.substring(0, answer.indexOf("\r\n"));
            assertTrue(status.contains(" 403 ") || status.contains(" 404 ") || status.contains(" 400 "), path + ": " + status);
            assertFalse(answer.contains(SECRET), path);
            assertFalse(answer.contains("root:"), path);
        }
        assertEquals(403, get("/run/fonts-vae/link.txt").statusCode(), "a link out of the folder is not followed");
        assertEquals(403, get("/run/fonts-vae/..%2Fdamaged%2Fconfig.json").statusCode());
        assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(server.url())).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void damagedAndHalfWrittenRunsGetAPageThatSaysWhatIsWrong() throws Exception {
        HttpResponse<byte[]> r = get("/run/damaged/");
        assertEquals(200, r.statusCode());
        assertContains(text(r), "status damaged", "This run folder cannot be read in full", "metrics.csv", "line 1");
        assertFalse(text(r).contains("at org.latent"), "no stack trace");
        HttpResponse<byte[]> noConfig = get("/run/no-config/");
        assertEquals(200, noConfig.statusCode());
        assertContains(text(noConfig), "config.json is missing");
        HttpResponse<byte[]> broken = get("/run/broken/");
        assertEquals(200, broken.statusCode());
        assertContains(text(broken), "cannot be read in full", "config.json");
        Map<String, Object> d = Json.parseObject(text(get("/api/run/damaged")), "api");
        assertEquals("damaged", d.get("status"));
        assertTrue(String.valueOf(d.get("problem")).contains("metrics.csv"));
        HttpResponse<byte[]> report = get("/run/damaged/report.html");
        assertEquals(404, report.statusCode());
        assertContains(text(report), "no report yet");
    }

    @Test
    void comparePageOverlaysTheRunsNamed() throws Exception {
        HttpResponse<byte[]> r = get("/compare?run=fonts-vae&run=damaged");
        assertEquals(200, r.statusCode());
        assertContains(text(r), "Comparing 2 runs", "const RUNS=[\"fonts-vae\",\"damaged\"]", "/run/damaged/");
        assertEquals(404, get("/compare?run=nobody").statusCode());
        assertContains(text(get("/compare")), "No runs chosen");
    }

    @Test
    void liveDataFollowsARunFolderAsItIsWritten(@TempDir Path other) throws Exception {
        // A run in progress as the training process leaves it: config, checkpoint, metrics growing, GAN samples appearing.
        Path run = Files.createDirectories(other.resolve("live"));
        Path done = runs.resolve("fonts-vae");
        Files.copy(done.resolve("config.json"), run.resolve("config.json"));
        Files.copy(done.resolve("checkpoint.safetensors"), run.resolve("checkpoint.safetensors"));
        List<String> rows = Files.readAllLines(done.resolve("metrics.csv"));
        Files.writeString(run.resolve("metrics.csv"), rows.get(0) + "\n" + rows.get(1) + "\n");
        try (RunServer s = RunServer.start(other, "127.0.0.1", 0)) {
            HttpClient c = HttpClient.newHttpClient();
            String api = s.url() + "api/run/live";
            Map<String, Object> first = Json.parseObject(c.send(HttpRequest.newBuilder(URI.create(api)).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), "api");
            assertEquals("unfinished", first.get("status"));
            assertEquals(1, ((List<?>) first.get("metrics")).size());
            assertEquals(null, first.get("image"));

            Files.writeString(run.resolve("metrics.csv"), rows.get(2) + "\n", StandardOpenOption.APPEND);
            Files.writeString(run.resolve(LiveData.GAN_LOSSES), "epoch,step,discriminator_loss,generator_loss\n1,2,0.69,0.71\n2,2,0.6,0.8\n2,4,0.5");
            Files.copy(done.resolve("samples.png"), run.resolve("samples-epoch-001.png"));
            Files.copy(done.resolve("loss.png"), run.resolve("samples-epoch-002.png"), StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> second = Json.parseObject(c.send(HttpRequest.newBuilder(URI.create(api)).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), "api");
            assertEquals(2, ((List<?>) second.get("metrics")).size());
            assertEquals(2, ((List<?>) second.get("gan_losses")).size(), "the row being written is left out");
            assertEquals("samples-epoch-002.png", ((Map<?, ?>) second.get("image")).get("file"));
            String page = c.send(HttpRequest.newBuilder(URI.create(s.url() + "run/live/")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertContains(page, "status unfinished", "src=\"samples-epoch-002.png?v=",
                    "samples-epoch-NNN.png (2, newest <a href=\"samples-epoch-002.png\">samples-epoch-002.png</a>)");
            assertEquals(List.of("samples-epoch-001.png", "samples-epoch-002.png"), second.get("figures"));
        }
    }

    @Test
    void onLocalhostOnlyRequestsNamingThisMachineAreAnswered() throws Exception {
        assertTrue(raw("/", "localhost:" + server.port()).startsWith("HTTP/1.1 200"));
        assertTrue(raw("/", "127.0.0.1:" + server.port()).startsWith("HTTP/1.1 200"));
        assertTrue(raw("/", "[::1]:" + server.port()).startsWith("HTTP/1.1 200"));
        String rebound = raw("/api/run/fonts-vae", "attacker.example:" + server.port());
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertFalse(rebound.contains("\"metrics\""), rebound);
    }

    @Test
    void namesThatAreNotOnePlainNameAreRefused() {
        for (String bad : List.of("", ".", "..", "a/b", "a\\b", "..x", "x..", "a\u0000b", "c:x")) {
            assertTrue(RunServer.refused(bad), bad);
        }
        for (String good : List.of("fonts-vae", "e1 vae", "report.html", "samples-epoch-001.png", ".hidden")) {
            assertFalse(RunServer.refused(good), good);
        }
        assertEquals(Arrays.asList("run", "a/b", "x y"), RunServer.segments("/run/a%2Fb/x%20y"));
        List<double[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) rows.add(new double[] {1 + i / 100, i % 100, i, i});
        List<double[]> thin = LiveData.thin(rows, 2000);
        assertEquals(2000, thin.size());
        assertEquals(0, thin.get(0)[2]);
        assertEquals(9999, thin.get(1999)[2], "the newest row is kept");
    }
}
