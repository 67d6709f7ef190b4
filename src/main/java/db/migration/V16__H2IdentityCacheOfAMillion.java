package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 only: every identity column takes its ids from a cache of 1,000,000 instead of 1,000 (V8_1, V10_1). Each time
 * the cache runs out H2 writes the sequence back with a commit of its own, and that commit writes every page changed
 * since the last one, the open transaction's too: with 1,000 it was one extra store write per 1,000 payments and
 * per 1,000 events, 21 % of the time storing a busy day's history (bench/RESULTS.md). The cache is shared by the whole
 * database, so ids still grow in insert order; a crash leaves a gap (ids are 64-bit), a clean stop none. Nothing on
 * PostgreSQL (see V8_1).
 */
public class V16__H2IdentityCacheOfAMillion extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        V8_1__H2IdentityCache.cacheIds(context, V8_1__H2IdentityCache.TABLES, 1_000_000);
        V8_1__H2IdentityCache.cacheIds(context, V10_1__H2IdentityCacheForReview.TABLES, 1_000_000);
    }
}
