package org.latent.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.latent.io.Json;

/**
 * Headless Chromium (the distribution's /usr/bin/chromium) driven through its DevTools protocol over
 * a WebSocket from java.net.http: navigate, evaluate JavaScript in the page, take screenshots.
 */
final class Chromium implements AutoCloseable {
    /** The distribution's Chromium; -Dlatent.chromium=PATH names another. */
    static final Path BINARY = Path.of(System.getProperty("latent.chromium", "/usr/bin/chromium"));

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final List<String> log = new ArrayList<>();

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    Chromium(int width, int height) throws Exception {
        profile = Files.createTempDirectory("latent-chromium-");
        process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=" + width + "," + height, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        // One thread reads stderr to its end (so that the browser never blocks on a full pipe) and hands over the endpoint.
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    int at = line.indexOf("ws://");
                    if (!endpoint.isDone()) {
                        synchronized (log) {
                            log.add(line);
                        }
                        if (line.startsWith("DevTools listening on") && at >= 0) endpoint.complete(line.substring(at).trim());
                    }
                }
            } catch (IOException ignored) {
                // the browser closed
            }
            endpoint.complete(null);
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String browserWs;
        try {
            browserWs = endpoint.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            browserWs = null;
        }
        if (browserWs == null) {
            process.destroyForcibly();
            synchronized (log) {
                throw new IOException("chromium did not start its DevTools endpoint in 60 s:\n" + String.join("\n", log));
            }
        }
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String pageWs = null;
        for (int i = 0; i < 100 && pageWs == null; i++) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (Object t : com.fasterxml.jackson.jr.ob.JSON.std.listFrom(list)) {
                Map<?, ?> target = (Map<?, ?>) t;
                if ("page".equals(target.get("type"))) pageWs = (String) target.get("webSocketDebuggerUrl");
            }
            if (pageWs == null) Thread.sleep(100);
        }
        if (pageWs == null) throw new IOException("chromium has no page to drive");
        socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new Listener()).get(30, TimeUnit.SECONDS);
        call("Page.enable", Map.of());
        call("Runtime.enable", Map.of());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                Map<String, Object> message = Json.parseObject(text.toString(), "DevTools message");
                text.setLength(0);
                if (message.get("id") instanceof Number n) {
                    CompletableFuture<Map<String, Object>> f = pending.remove(n.intValue());
                    if (f != null) f.complete(message);
                }
            }
            ws.request(1);
            return null;
        }
    }

    /** One DevTools command; its result object (an error answer is an exception). */
    Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(Json.compact(Map.of("id", id, "method", method, "params", params)), true).get(30, TimeUnit.SECONDS);
        Map<String, Object> answer = f.get(60, TimeUnit.SECONDS);
        if (answer.get("error") != null) throw new IOException(method + ": " + answer.get("error"));
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) answer.get("result");
        return result;
    }

    /** Loads {@code url} and waits until the document has loaded. */
    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Thread.sleep(200);
        while (!"complete".equals(eval("document.readyState")) || !String.valueOf(eval("location.href")).startsWith(url.split("#")[0])) {
            if (System.nanoTime() > deadline) throw new IOException(url + " did not load in 30 s");
            Thread.sleep(100);
        }
    }

    /** The value of a JavaScript expression in the page (strings, numbers, booleans; null for undefined). */
    Object eval(String expression) throws Exception {
        Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.get("exceptionDetails") != null) throw new IOException(expression + ": " + r.get("exceptionDetails"));
        return ((Map<?, ?>) r.get("result")).get("value");
    }

    /** Waits (up to {@code seconds}) until the expression is true in the page. */
    boolean waitFor(String expression, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(eval(expression))) return true;
            Thread.sleep(200);
        }
        return false;
    }

    /** A PNG of what the page shows (the window's size, or the whole page when {@code fullPage}). */
    void screenshot(Path file, boolean fullPage) throws Exception {
        Map<String, Object> params = fullPage ? Map.of("format", "png", "captureBeyondViewport", true, "clip", clip()) : Map.of("format", "png");
        String data = (String) call("Page.captureScreenshot", params).get("data");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(data));
    }

    private Map<String, Object> clip() throws Exception {
        Map<?, ?> size = (Map<?, ?>) call("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
        return Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).doubleValue(),
                "height", Math.min(3000, ((Number) size.get("height")).doubleValue()), "scale", 1);
    }

    @Override
    public void close() {
        try {
            socket.abort();
        } catch (RuntimeException ignored) {
            // already closed
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary profile
        }
    }
}
