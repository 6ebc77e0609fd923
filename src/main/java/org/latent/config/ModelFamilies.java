package org.latent.config;

import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The model families configs can name: the built-in vae, autoencoder, classifier and gan, those
 * listed by libraries on the class path as {@link ModelFamily} services, and those registered
 * from code.
 */
public final class ModelFamilies {
    private static final Map<String, ModelFamily> FAMILIES = new ConcurrentHashMap<>();
    private static final List<ModelFamily> BUILT_IN = List.of(of("vae", VaeConfig::parse), of("autoencoder", AutoencoderConfig::parse),
            of("classifier", ClassifierConfig::parse), of("gan", GanConfig::parse));

    static {
        BUILT_IN.forEach(ModelFamilies::add);
        try {
            for (ModelFamily f : ServiceLoader.load(ModelFamily.class)) add(f);
        } catch (ServiceConfigurationError e) {
            throw new ConfigException("a model family listed in META-INF/services/" + ModelFamily.class.getName()
                    + " cannot be loaded: " + e.getMessage());
        }
    }

    private ModelFamilies() {}

    /** Adds a family (for code that builds configs without a services file); a name can be taken once. */
    public static void register(ModelFamily family) {
        add(family);
    }

    /** A family defined by {@link ModelConfig#of}: a later definition of the same name replaces it, unless it is a built-in one. */
    static void registerCode(ModelFamily f) {
        for (ModelFamily builtIn : BUILT_IN) {
            if (builtIn.name().equals(f.name())) throw new ConfigException("model.family: " + f.name() + " is a built-in family; name yours differently");
        }
        FAMILIES.put(f.name(), f);
    }

    /** A family from its name and its section parser. */
    public static ModelFamily of(String name, Function<ConfigObject, ModelConfig> parse) {
        return new ModelFamily() {
            @Override public String name() { return name; }
            @Override public ModelConfig parse(ConfigObject section) { return parse.apply(section); }
        };
    }

    /** The names configs can use, sorted. */
    public static List<String> names() {
        return List.copyOf(new TreeMap<>(FAMILIES).keySet());
    }

    static ModelConfig parse(ConfigObject o) {
        String family = Check.oneOf(o.where("family"), o.requiredString("family"), names());
        ModelConfig c = FAMILIES.get(family).parse(o);
        if (!c.family().equals(family)) {
            throw new ConfigException("model.family: the " + family + " family's parser made a config of family " + c.family());
        }
        return c;
    }

    private static void add(ModelFamily f) {
        if (f.name() == null || f.name().isBlank()) throw new IllegalArgumentException("a model family needs a name");
        ModelFamily before = FAMILIES.putIfAbsent(f.name(), f);
        if (before != null && before != f) throw new IllegalArgumentException("model family " + f.name() + " is registered twice");
    }
}
