package org.latent.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;
import java.nio.charset.StandardCharsets;
import org.latent.io.Json;
import org.latent.io.JsonException;

/**
 * Any text read as a config gives a RunConfig, a JsonException (not JSON) or a ConfigException
 * (a key or value refused), nothing else; a config that is accepted writes out and reads back equal.
 * Fuzzing: {@code JAZZER_FUZZ=1 mvn -B test -Dtest=ConfigFuzzTest}.
 */
@Tag("fuzz")
class ConfigFuzzTest {
    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void anyTextGivesAConfigOrAClearRefusal(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        RunConfig c;
        try {
            c = RunConfig.fromJson(Json.parseObject(text, "fuzz.json"), "fuzz");
        } catch (JsonException | ConfigException expected) {
            return;
        }
        RunConfig again = RunConfig.fromJson(Json.parseObject(Json.pretty(c.toJson()), "resolved"), "fuzz");
        if (!again.toJson().equals(c.toJson())) throw new AssertionError("the resolved config does not read back equal: " + text);
    }
}
