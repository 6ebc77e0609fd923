package org.latent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.latent.io.Json;
import org.latent.io.JsonException;
import org.latent.model.ModelContext;
import org.latent.rng.RandomKey;

/** The training state read back from a checkpoint is checked value by value. */
class TrainingStateTest {
    private static final String FILE = "runs/x/checkpoint.safetensors";

    private static Map<String, Object> good() {
        TrainingState s = new TrainingState(2, 3, 11, Map.of(ModelContext.ONLY_OPTIMIZER, 11L), 4.5, 3,
                Map.of("vae.eps", new RandomKey(7, 2L << 32, 99), "encoder.dropout0", new RandomKey(7, 1L << 32, 5)));
        // Through the text, as a checkpoint stores it.
        return Json.parseObject(Json.compact(s.toJson(7)), "state");
    }

    private static String refused(Consumer<Map<String, Object>> damage) {
        Map<String, Object> m = good();
        damage.accept(m);
        return assertThrows(JsonException.class, () -> TrainingState.fromJson(m, FILE)).getMessage();
    }

    private static void assertMessage(String m, String... parts) {
        for (String p : parts) assertTrue(m.contains(p), () -> "lacks '" + p + "': " + m);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> key(Map<String, Object> m, String name) {
        return (Map<String, Object>) ((Map<String, Object>) m.get("random_keys")).get(name);
    }

    @Test
    void aGoodStateRoundTrips() {
        TrainingState s = TrainingState.fromJson(good(), FILE);
        assertEquals(2, s.epoch());
        assertEquals(3, s.stepInEpoch());
        assertEquals(11, s.globalStep());
        assertEquals(4.5, s.epochLossSum());
        assertEquals(new RandomKey(7, 2L << 32, 99), s.randomKeys().get("vae.eps"));
        assertEquals(2, s.randomKeys().size(), "the shuffle key is recorded for reference only");
    }

    @Test
    void countersOutOfRangeAreRefusedNamingFileAndKey() {
        assertMessage(refused(m -> m.put("epoch", -3)), FILE, "epoch -3 is out of range");
        assertMessage(refused(m -> m.put("epoch", 4_294_967_298L)), FILE, "epoch 4294967298 is out of range");
        assertMessage(refused(m -> m.put("step_in_epoch", -1)), FILE, "step_in_epoch -1");
        assertMessage(refused(m -> m.put("global_step", -11L)), FILE, "global_step -11");
        assertMessage(refused(m -> m.put("global_step", 4)), FILE, "global_step 4 is less than epoch 2 + step_in_epoch 3");
        assertMessage(refused(m -> m.put("optimizer_steps", Map.of("generator", -1))), FILE, "optimizer_steps: generator -1 is out of range");
        assertMessage(refused(m -> m.put("optimizer_steps", 7)), FILE, "optimizer_steps 7 is not an object");
        assertMessage(refused(m -> m.put("epoch_loss_steps", -2)), FILE, "epoch_loss_steps -2");
        assertMessage(refused(m -> m.put("epoch_loss_steps", 9)), FILE, "epoch_loss_steps 9 is more than step_in_epoch 3");
        assertMessage(refused(m -> m.put("epoch", 2.5)), FILE, "epoch 2.5 is not a whole number");
        assertMessage(refused(m -> m.put("epoch", "four")), FILE, "epoch \"four\" is not a number");
        assertMessage(refused(m -> m.remove("global_step")), FILE, "global_step is missing");
        assertMessage(refused(m -> m.put("format", 3)), FILE, "format 3 is not 2");
    }

    @Test
    void nonFiniteLossSumsAreRefused() {
        assertMessage(refused(m -> m.put("epoch_loss_sum", Double.NaN)), FILE, "epoch_loss_sum NaN is not a finite number");
        assertMessage(refused(m -> m.put("epoch_loss_sum", Double.POSITIVE_INFINITY)), FILE, "epoch_loss_sum Infinity");
        assertMessage(refused(m -> m.put("epoch_loss_sum", "1.5")), FILE, "epoch_loss_sum \"1.5\"");
    }

    @Test
    void malformedRandomKeysAreRefusedNamingTheStream() {
        assertMessage(refused(m -> m.put("random_keys", 3)), FILE, "random_keys 3 is not an object");
        assertMessage(refused(m -> ((Map<String, Object>) m.get("random_keys")).put("vae.eps", 12)), FILE,
                "random_keys.vae.eps 12 is not a {seed, stream, counter} object");
        assertMessage(refused(m -> key(m, "vae.eps").put("counter", -1)), FILE, "random_keys.vae.eps: counter -1 is out of range");
        assertMessage(refused(m -> key(m, "vae.eps").put("stream", 1.5)), FILE, "random_keys.vae.eps: stream 1.5 is not a whole number");
        assertMessage(refused(m -> key(m, "vae.eps").remove("seed")), FILE, "random_keys.vae.eps: seed is missing");
        assertMessage(refused(m -> key(m, "vae.eps").put("sead", 1)), FILE, "random_keys.vae.eps: unknown field sead");
        assertMessage(refused(m -> key(m, "vae.eps").put("seed", new java.math.BigInteger("123456789012345678901234567890"))),
                FILE, "random_keys.vae.eps: seed");
    }

    @Test
    void aStepPastTheEndOfTheEpochIsRefusedWhenResuming() {
        TrainingState s = TrainingState.fromJson(good(), FILE);
        s.checkResumable(4, FILE);
        assertMessage(assertThrows(IllegalStateException.class, () -> s.checkResumable(3, FILE)).getMessage(),
                FILE, "step_in_epoch 3 is not below the 3 steps of an epoch");
    }
}
