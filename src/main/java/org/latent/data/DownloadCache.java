package org.latent.data;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.latent.io.ProgressBar;

/**
 * A cache folder ({@code <cache>/<dataset>/<file>}) filled on first use by downloading from the
 * manifest's URLs, mirror after mirror. A download goes to a temporary file in the same folder,
 * which is renamed into place only once its size and md5 match; otherwise it is deleted.
 */
final class DownloadCache implements DataFiles {
    /** How long to wait for the response headers once connected. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final double MB = 1e6;

    private final Path folder;
    private final DataManifest manifest;
    private final HttpClient client;

    DownloadCache(Path folder, DataManifest manifest, Duration connectTimeout) {
        this.folder = folder;
        this.manifest = manifest;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Path resolve(DataManifest.Entry entry) {
        Path target = folder.resolve(entry.dataset()).resolve(entry.file());
        String wrong = LocalDataFolder.notAFile(target);
        if (wrong != null && !Files.isRegularFile(target)) {
            throw new DataException(target + ": " + wrong + " where the cached data file " + entry.path()
                    + " should be. Remove it, and it will be downloaded again.");
        }
        if (Files.exists(target)) {
            Checksums.verify(target, entry, "Delete it to download it again.");
            return target;
        }
        return download(entry, target);
    }

    private Path download(DataManifest.Entry entry, Path target) {
        List<String> failures = new ArrayList<>();
        for (URI url : entry.urls()) {
            Path part = null;
            try {
                Files.createDirectories(target.getParent());
                part = Files.createTempFile(target.getParent(), entry.file() + ".", ".part");
                String failure = fetch(url, entry, part);
                if (failure == null) {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                    return target;
                }
                failures.add(failure);
            } catch (IOException e) {
                failures.add(url + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("download of " + url + " interrupted", e);
            } finally {
                deleteQuietly(part);
            }
        }
        throw new DataUnavailableException("could not download " + entry.path() + " into " + target + ":\n  "
                + String.join("\n  ", failures) + "\n" + noNetworkHint(entry.dataset()), entry.path(), failures,
                DataStore.folderContents(manifest, entry.dataset()));
    }

    /** Downloads {@code url} into {@code part}; returns null when size and md5 match, else what differed. */
    private String fetch(URI url, DataManifest.Entry entry, Path part) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(RESPONSE_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest md5 = Checksums.newMd5();
        long done = 0;
        try (InputStream body = response.body(); FileOutputStream out = new FileOutputStream(part.toFile())) {
            if (response.statusCode() != 200) {
                return url + ": HTTP status " + response.statusCode();
            }
            ProgressBar bar = new ProgressBar(System.err, entry.path(), entry.bytes(), ProgressBar.terminal(),
                    (got, total, seconds) -> String.format("%.1f/%.1f MB %.1f MB/s", got / MB, total / MB, got / MB / seconds));
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) > 0; ) {
                done += n;
                if (done > entry.bytes()) {
                    bar.finish(done);
                    return url + ": the server sent more than the expected " + entry.bytes() + " bytes";
                }
                out.write(buffer, 0, n);
                md5.update(buffer, 0, n);
                bar.update(done);
            }
            bar.finish(done);
            out.getFD().sync();
        }
        String actual = Checksums.hex(md5);
        if (done != entry.bytes() || !actual.equals(entry.md5())) {
            return url + ": checksum mismatch: expected md5 " + entry.md5() + " (" + entry.bytes() + " bytes), got md5 "
                    + actual + " (" + done + " bytes); the download was deleted";
        }
        return null;
    }

    private String noNetworkHint(String dataset) {
        return "No network, or these URLs unreachable? Point Latent at a local copy of the data instead, e.g.\n"
                + "  " + DataStore.ENV + "=/path/to/data latent train ...\n"
                + "where /path/to/data contains " + DataStore.folderContents(manifest, dataset)
                + ". Files there are checked against their size and md5, and nothing is downloaded.";
    }

    /** The exception and its causes: HttpClient's ConnectException often says nothing by itself. */
    private static String describe(IOException e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String part = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (parts.isEmpty() || !parts.get(parts.size() - 1).equals(part)) {
                parts.add(part);
            }
        }
        return String.join(", caused by ", parts);
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: the download already failed or succeeded; a stray .part file is harmless.
        }
    }
}
