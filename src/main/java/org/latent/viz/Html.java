package org.latent.viz;

import java.net.URI;
import java.net.URISyntaxException;

/** Text and links made safe for an HTML page. */
final class Html {
    private Html() {}

    /** Escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A relative link to `path` (forward slashes), percent-encoded where a URL needs it. */
    static String relativeLink(String path) {
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a usable relative path: " + path, e);
        }
    }
}
