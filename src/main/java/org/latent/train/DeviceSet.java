package org.latent.train;

import org.latent.rundata.Examples;
import org.latent.backend.Backend;
import org.latent.tensor.Tensor;

/** A set of examples uploaded to the backend once: inputs and targets (one tensor when they are the same). */
record DeviceSet(Tensor input, Tensor target, int count) {
    static DeviceSet upload(Backend b, Examples e) {
        Tensor in = b.upload(e.input(), e.count(), e.size());
        Tensor target = e.separateTargets() ? b.upload(e.target(), e.count(), e.targetSize()) : in;
        return new DeviceSet(in, target, e.count());
    }

    static DeviceSet uploadOrNull(Backend b, Examples e) {
        return e == null ? null : upload(b, e);
    }
}
