package org.latent.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void countsGetThousandsSeparatorsAndMeasurementsFourDecimals() {
        assertEquals("1,316,824", Numbers.format("parameters", 1316824));
        assertEquals("1,316,824", Numbers.format("parameters", 1316824.0), "a count read back as a double");
        assertEquals("4,767", Numbers.format("examples_per_second", 4766.5602));
        assertEquals("4,766.5602", Numbers.format("frechet_distance", 4766.5602));
        assertEquals("96.1235", Numbers.format("test_loss", 96.12345));
        assertEquals("0.02134", Numbers.format("test_loss", 0.021342));
        assertEquals("0.5000", Numbers.format("nmi", 0.5));
        assertEquals("1.235e-05", Numbers.format("mean_code_activation", 0.00001234567));
        assertEquals("0", Numbers.format("train_loss", 0.0));
        assertEquals("12.3 s", Numbers.format("seconds", 12.34));
        assertEquals("1 h 02 min", Numbers.format("seconds", 3725.0));
        assertEquals("4 min 05 s", Numbers.format("seconds", 245.2));
    }
}
