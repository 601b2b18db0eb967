package io.docingest.ops;

import java.io.IOException;

/**
 * Whether this Spot instance has an interruption notice: the instance metadata's
 * {@code spot/instance-action} answers 404 until there is one, then about two minutes are left.
 */
public class SpotInterruptionNotice {

    private final InstanceMetadata metadata;

    public SpotInterruptionNotice(InstanceMetadata metadata) {
        this.metadata = metadata;
    }

    public boolean isGiven() throws IOException, InterruptedException {
        return metadata.get("spot/instance-action").isPresent();
    }
}
