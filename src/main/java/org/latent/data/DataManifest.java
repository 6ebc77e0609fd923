package org.latent.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each data file comes from and what it must be: a tab-separated table with the columns
 * dataset, file, url, bytes, md5 (lines starting with # are comments; several rows for one file are
 * mirrors, tried in order). The repository's {@code data/manifest.tsv} is that table; the build puts it
 * in the jar next to this class, so a packaged Latent needs no file beside it.
 */
public final class DataManifest {
    private static final String RESOURCE = "manifest.tsv";
    private static final String HEADER = "dataset\tfile\turl\tbytes\tmd5";

    /** One file: its data set, its name, its mirrors, its size in bytes and its MD5 (lower-case hex). */
    public record Entry(String dataset, String file, List<URI> urls, long bytes, String md5) {
        public Entry {
            urls = List.copyOf(urls);
        }

        /** "dataset/file", the file's place in a data folder. */
        public String path() {
            return dataset + "/" + file;
        }
    }

    private final List<Entry> entries;

    private DataManifest(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The data sets Latent knows (MNIST, Fashion-MNIST, Frey Face). */
    public static DataManifest standard() {
        try (InputStream in = DataManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DataException("the built-in data manifest " + RESOURCE + " is missing from the class path"
                        + " (the build copies data/manifest.tsv there)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "the built-in manifest");
        } catch (IOException e) {
            throw new DataException("cannot read the built-in data manifest " + RESOURCE + ": " + e, e);
        }
    }

    public static DataManifest read(Path tsv) {
        try {
            return parse(Files.readString(tsv), tsv.toString());
        } catch (IOException e) {
            throw new DataException(tsv + ": cannot read the data manifest: " + e, e);
        }
    }

    /** Parses manifest text; {@code source} names it in errors. */
    public static DataManifest parse(String text, String source) {
        Map<String, Entry> byPath = new LinkedHashMap<>();
        boolean headerSeen = false;
        String[] lines = text.split("\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw lineError(source, n, "expected the header line '" + HEADER.replace("\t", "<tab>")
                            + "'");
                }
                headerSeen = true;
                continue;
            }
            Entry row = row(source, n, line);
            Entry known = byPath.get(row.path());
            if (known == null) {
                byPath.put(row.path(), row);
            } else if (known.bytes() != row.bytes() || !known.md5().equals(row.md5())) {
                throw lineError(source, n, "mirror of " + row.path() + " disagrees with an earlier row on bytes or md5");
            } else {
                List<URI> urls = new ArrayList<>(known.urls());
                urls.addAll(row.urls());
                byPath.put(row.path(), new Entry(known.dataset(), known.file(), urls, known.bytes(), known.md5()));
            }
        }
        return new DataManifest(new ArrayList<>(byPath.values()));
    }

    private static Entry row(String source, int n, String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5) {
            throw lineError(source, n, "expected 5 tab-separated columns (dataset, file, url, bytes, md5), found "
                    + f.length);
        }
        URI url;
        try {
            url = new URI(f[2]);
        } catch (URISyntaxException e) {
            throw lineError(source, n, "bad url '" + f[2] + "': " + e.getMessage());
        }
        long bytes;
        try {
            bytes = Long.parseLong(f[3]);
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < 0) {
            throw lineError(source, n, "bytes must be a non-negative integer, found '" + f[3] + "'");
        }
        if (!f[4].matches("[0-9a-f]{32}")) {
            throw lineError(source, n, "md5 must be 32 lower-case hex digits, found '" + f[4] + "'");
        }
        return new Entry(f[0], f[1], List.of(url), bytes, f[4]);
    }

    private static DataException lineError(String source, int line, String what) {
        return new DataException(source + ": line " + line + ": " + what);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The files of one data set, in manifest order. */
    public List<Entry> files(String dataset) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.dataset().equals(dataset)) {
                out.add(e);
            }
        }
        return out;
    }

    public Entry entry(String dataset, String file) {
        for (Entry e : entries) {
            if (e.dataset().equals(dataset) && e.file().equals(file)) {
                return e;
            }
        }
        throw new DataException("the data manifest has no file " + dataset + "/" + file);
    }
}
