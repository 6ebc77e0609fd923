package org.latent.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The variables of one MAT-file, looked up by name. */
public final class MatFile {
    private final Path file;
    private final List<String> names;
    private final Map<String, MatArray> arrays;
    private final Map<String, String> unsupported;

    /**
     * @param names every variable's name, in file order
     * @param arrays the numeric variables read, in file order
     * @param unsupported the other variables, each with the reason it was not read
     */
    MatFile(Path file, List<String> names, Map<String, MatArray> arrays, Map<String, String> unsupported) {
        this.file = file;
        this.names = List.copyOf(names);
        this.arrays = arrays;
        this.unsupported = unsupported;
    }

    public Path file() {
        return file;
    }

    /** Names of all variables in the file, readable or not. */
    public List<String> names() {
        return names;
    }

    public MatArray variable(String name) {
        MatArray a = arrays.get(name);
        if (a != null) {
            return a;
        }
        String why = unsupported.get(name);
        if (why != null) {
            throw new DataException(file + ": variable '" + name + "' cannot be read: " + why);
        }
        throw new DataException(file + ": no variable named '" + name + "'; the variables present are "
                + (names().isEmpty() ? "(none)" : String.join(", ", names())));
    }
}
