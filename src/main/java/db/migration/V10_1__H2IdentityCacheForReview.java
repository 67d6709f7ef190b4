package db.migration;

import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** H2 only: the identity cache of 1,000 (see {@link V8_1__H2IdentityCache}) for the tables V10 adds. */
public class V10_1__H2IdentityCacheForReview extends BaseJavaMigration {

    static final List<String> TABLES = List.of("review_item", "ops_audit");

    @Override
    public void migrate(Context context) throws Exception {
        V8_1__H2IdentityCache.cacheIds(context, TABLES, 1000);
    }
}
