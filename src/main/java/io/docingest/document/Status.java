package io.docingest.document;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a file is, as its record in the status index says: queued (an upload accepted),
 * processing, then one outcome. {@link #SUPERSEDED}: a newer version of the key (or its deletion)
 * came first, and this version's work was dropped. {@link #DELETED}: the object was deleted and
 * its documents removed. {@link #ALREADY_INDEXED} is an outcome only: the record already says
 * indexed, and nothing is written.
 */
public enum Status {
    QUEUED, PROCESSING, INDEXED, SKIPPED, FAILED, SUPERSEDED, DELETED, ALREADY_INDEXED;

    /** As stored and answered: {@code indexed}, {@code already-indexed}. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return label();
    }
}
