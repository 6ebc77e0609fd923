package org.latent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.latent.model.Gan;

/**
 * A GAN's {@code wasserstein}: train a critic with the Wasserstein loss instead of a discriminator
 * with BCE, {@code critic_steps} critic updates per generator update, the critic's weights clipped to
 * [−clip, clip] after each update (WGAN's defaults: 5 and 0.01).
 */
public record GanWassersteinConfig(int criticSteps, double clip) {
    public GanWassersteinConfig {
        Check.positive("model.wasserstein.critic_steps", criticSteps);
        Check.positive("model.wasserstein.clip", clip);
    }

    public static GanWassersteinConfig of() {
        return new GanWassersteinConfig(5, 0.01);
    }

    static GanWassersteinConfig parse(ConfigObject o) {
        o.allowOnly("critic_steps", "clip");
        GanWassersteinConfig d = of();
        return new GanWassersteinConfig(o.integer("critic_steps", d.criticSteps), o.number("clip", d.clip));
    }

    Gan.Wasserstein settings() {
        return new Gan.Wasserstein(criticSteps, (float) clip);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("critic_steps", criticSteps);
        m.put("clip", clip);
        return m;
    }
}
