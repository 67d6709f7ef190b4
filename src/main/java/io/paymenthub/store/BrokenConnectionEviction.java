package io.paymenthub.store;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells HikariCP to drop a pooled connection the database has lost. Hikari already does this for
 * SQLState class 08 (what PostgreSQL reports); H2 in server mode reports a lost connection with its own
 * codes, which would otherwise keep a dead connection in the pool after the database came back.
 */
public final class BrokenConnectionEviction implements SQLExceptionOverride {

    /** H2: connection broken (90067), database closed (90098, 90121). */
    private static final java.util.Set<Integer> H2_LOST = java.util.Set.of(90067, 90098, 90121);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return H2_LOST.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
