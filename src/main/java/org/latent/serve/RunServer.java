package org.latent.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.latent.io.Json;
import org.latent.runs.RunFolder;
import org.latent.runs.RunRecord;

/**
 * `latent serve`: a small web server over a folder of run folders, built on the JDK's own
 * {@link HttpServer}. It only reads files (nothing runs in the training process), on its own few
 * daemon threads.
 *
 * <pre>
 * /                         the runs under the folder (RunRecord), with a form to compare some of them
 * /run/NAME/                a run: status, curves and the newest sample grid, updated live while it trains
 * /run/NAME/FILE            a file of the run folder (report.html, the PNG figures, metrics.csv, ...)
 * /api/run/NAME             the run's live data as JSON (status, epochs, metrics rows, GAN losses, newest image)
 * /compare?run=A&amp;run=B     the runs' curves overlaid
 * </pre>
 *
 * A run NAME is looked up among the folder's run folders (never resolved as a path), and FILE must be
 * one plain name of a regular file inside the run folder, after symbolic links are followed; anything
 * else is refused (403 for names that try to leave the folder, 404 for what is not there).
 */
public final class RunServer implements AutoCloseable {
    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor;

    private RunServer(Path root, HttpServer server, ExecutorService executor) {
        this.root = root;
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code root} (a folder of run folders, or one run folder) on host:port (port 0: any free port). */
    public static RunServer start(Path root, String host, int port) throws IOException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "latent-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        RunServer s = new RunServer(root.toAbsolutePath().normalize(), server, executor);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://host:port/ (the host as bound; 127.0.0.1 by default). */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return "http://" + host + ":" + a.getPort() + "/";
    }

    public Path root() {
        return root;
    }

    /** Stops accepting, lets requests under way finish (up to a second) and ends the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A response: status, content type, body. */
    record Response(int status, String type, byte[] body, Path file, String location) {
        Response(int status, String type, byte[] body, Path file) {
            this(status, type, body, file, null);
        }

        static Response html(int status, String html) {
            return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), null);
        }

        static Response json(Object value) {
            return new Response(200, "application/json; charset=utf-8", Json.compact(value).getBytes(StandardCharsets.UTF_8), null);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Response r;
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                r = Response.html(405, Pages.message("Method not allowed", "This server only answers GET and HEAD."));
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
            } else if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
                r = Response.html(403, Pages.message("Refused", "This server answers requests addressed to this machine only "
                        + "(Host 127.0.0.1, localhost or [::1]); start it with --host to serve other names."));
            } else {
                try {
                    r = route(ex.getRequestURI());
                } catch (RuntimeException e) {
                    // A page that cannot be made says why; the server goes on.
                    r = Response.html(500, Pages.message("Something went wrong", "This page could not be made: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
                }
            }
            send(ex, r, method.equals("HEAD"));
        }
    }

    private static void send(HttpExchange ex, Response r, boolean head) throws IOException {
        ex.getResponseHeaders().set("Content-Type", r.type());
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (r.location() != null) ex.getResponseHeaders().set("Location", r.location());
        long length = r.file() != null ? Files.size(r.file()) : r.body().length;
        if (head) {
            ex.sendResponseHeaders(r.status(), -1);
            return;
        }
        ex.sendResponseHeaders(r.status(), length == 0 ? -1 : length);
        if (length == 0) return;
        try (OutputStream out = ex.getResponseBody()) {
            if (r.file() != null) {
                try (InputStream in = Files.newInputStream(r.file())) {
                    // A file that grew since its size was taken: send only what was announced.
                    byte[] buf = new byte[65536];
                    long left = length;
                    while (left > 0) {
                        int k = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (k < 0) break;
                        out.write(buf, 0, k);
                        left -= k;
                    }
                }
            } else {
                out.write(r.body());
            }
        } catch (IOException e) {
            // The browser went away: nothing to do.
        }
    }

    /**
     * Bound to a loopback address, only requests naming this machine are answered: a page elsewhere
     * that points its own host name at 127.0.0.1 (DNS rebinding) cannot read the runs through the browser.
     */
    boolean hostAllowed(String host) {
        if (!server.getAddress().getAddress().isLoopbackAddress()) return true;
        if (host == null) return true; // HTTP/1.0 without Host: not a browser
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        name = name.toLowerCase(Locale.ROOT);
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]") || name.startsWith("127.");
    }

    Response route(URI uri) {
        List<String> parts;
        try {
            parts = segments(uri.getRawPath());
        } catch (IllegalArgumentException e) {
            return Response.html(400, Pages.message("Bad address", e.getMessage()));
        }
        if (parts.isEmpty()) return Response.html(200, Pages.list(root, runs()));
        switch (parts.get(0)) {
            case "run" -> {
                if (parts.size() < 2) return redirectHome();
                String name = parts.get(1);
                if (refused(name)) return forbidden(name);
                Path dir = find(name);
                if (dir == null) return notFound("No run named " + name, "There is no run folder called " + name + " in " + root + ".");
                if (parts.size() == 2 && !uri.getRawPath().endsWith("/")) {
                    // The page's links (report.html, figures) are relative to the run's folder address.
                    return new Response(302, "text/plain; charset=utf-8", new byte[0], null, "/run/" + Pages.url(name) + "/");
                }
                if (parts.size() == 2) return Response.html(200, Pages.run(name, read(dir), LiveData.newestImage(dir)));
                if (parts.size() > 3) return forbidden(String.join("/", parts.subList(2, parts.size())));
                return file(name, dir, parts.get(2));
            }
            case "api" -> {
                if (parts.size() == 3 && parts.get(1).equals("run")) {
                    String name = parts.get(2);
                    if (refused(name)) return forbidden(name);
                    Path dir = find(name);
                    if (dir == null) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("error", "no run named " + name);
                        return new Response(404, "application/json; charset=utf-8", Json.compact(m).getBytes(StandardCharsets.UTF_8), null);
                    }
                    return Response.json(LiveData.of(name, dir, read(dir)));
                }
                return notFound("Not found", "There is no such address here.");
            }
            case "compare" -> {
                List<String> names = new ArrayList<>();
                for (String q : query(uri.getRawQuery(), "run")) {
                    if (refused(q)) return forbidden(q);
                    if (find(q) == null) return notFound("No run named " + q, "There is no run folder called " + q + " in " + root + ".");
                    if (!names.contains(q)) names.add(q);
                }
                return Response.html(200, Pages.compare(names));
            }
            default -> {
                return notFound("Not found", "There is no such address here; the runs are listed on the first page.");
            }
        }
    }

    /** The run folders by the names the pages use (the folder names). */
    Map<String, Path> runFolders() {
        Map<String, Path> out = new LinkedHashMap<>();
        if (Files.isRegularFile(root.resolve(RunFolder.CONFIG))) {
            out.put(root.getFileName().toString(), root);
            return out;
        }
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                if (Files.isDirectory(d) && isRun(d)) out.put(d.getFileName().toString(), d);
            }
        } catch (IOException e) {
            // An unreadable or vanished folder: no runs.
        }
        return out;
    }

    /**
     * A folder with a config.json, or with any other file of a run (a half-written folder whose config
     * is missing is shown, with what is wrong, rather than hidden).
     */
    static boolean isRun(Path d) {
        for (String f : List.of(RunFolder.CONFIG, RunFolder.METRICS, RunFolder.STATE, RunFolder.SUMMARY, RunFolder.CHECKPOINT, LiveData.GAN_LOSSES)) {
            if (Files.isRegularFile(d.resolve(f))) return true;
        }
        return false;
    }

    private Path find(String name) {
        return runFolders().get(name);
    }

    private List<RunRecord> runs() {
        List<RunRecord> out = new ArrayList<>();
        for (Path d : runFolders().values()) out.add(read(d));
        return out;
    }

    /**
     * The run as RunRecord reads it. A run that trains appends to metrics.csv and replaces its other
     * files while we read; a read that finds a damaged file is tried once more a moment later before
     * the folder is called damaged.
     */
    static RunRecord read(Path dir) {
        RunRecord r = RunRecord.read(dir);
        if (r.problem() == null) return r;
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return r;
        }
        return RunRecord.read(dir);
    }

    private Response file(String run, Path dir, String name) {
        if (refused(name) || name.startsWith(".")) return forbidden(name);
        Path f = dir.resolve(name).normalize();
        if (!f.getParent().equals(dir.normalize())) return forbidden(name);
        if (!Files.exists(f)) {
            String why = name.equals(RunFolder.REPORT)
                    ? "This run has no report yet: report.html is written when training ends (or by latent eval). Its live view is at <a href=\"./\">" + Pages.escape(run) + "</a>."
                    : "The run folder " + Pages.escape(run) + " has no file " + Pages.escape(name) + ".";
            return Response.html(404, Pages.messageHtml("Not found", why));
        }
        try {
            // Symbolic links are followed only to places inside the run folder.
            Path real = f.toRealPath();
            if (!real.startsWith(dir.toRealPath()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) return forbidden(name);
            return new Response(200, type(name), null, real);
        } catch (IOException e) {
            return notFound("Not found", "The file " + name + " cannot be read: " + e.getMessage());
        }
    }

    /** A name that cannot be one plain file or folder name: empty, dot names, separators, control characters. */
    static boolean refused(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) return true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7f) return true;
        }
        return name.contains("..");
    }

    /** The path's segments, each percent-decoded ("/run/a%2Fb/" is the two segments "run" and "a/b", which is refused later). */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null) return out;
        for (String s : rawPath.split("/", -1)) {
            if (s.isEmpty()) continue;
            out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return out;
    }

    static List<String> query(String rawQuery, String key) {
        List<String> out = new ArrayList<>();
        if (rawQuery == null) return out;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(key)) {
                String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!v.isEmpty()) out.add(v);
            }
        }
        return out;
    }

    private static String type(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html")) return "text/html; charset=utf-8";
        if (n.endsWith(".png")) return "image/png";
        if (n.endsWith(".json")) return "application/json; charset=utf-8";
        if (n.endsWith(".csv")) return "text/csv; charset=utf-8";
        if (n.endsWith(".txt") || n.endsWith(".log")) return "text/plain; charset=utf-8";
        return "application/octet-stream";
    }

    private static Response forbidden(String what) {
        return Response.html(403, Pages.message("Refused", "\"" + what + "\" is not the name of a file inside a run folder."));
    }

    private static Response notFound(String title, String text) {
        return Response.html(404, Pages.message(title, text));
    }

    private static Response redirectHome() {
        return Response.html(404, Pages.messageHtml("Not found", "The runs are listed on <a href=\"/\">the first page</a>."));
    }
}
