package io.paymenthub;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.bancamiga.BancamigaReconciler;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.reconciliation.ReconciliationDays;
import io.paymenthub.reconciliation.ReconciliationMetrics;
import io.paymenthub.reconciliation.ReconciliationOperatorActions;
import io.paymenthub.reconciliation.ReconciliationReports;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Binds the daily reconciliation report's beans (routes/reconciliation-report.camel.yaml calls them by name), its
 * /ops/ actions, and its metrics. Time is read from a {@link Clock} bean named {@code clock} when one is bound
 * (tests bind a movable one), the system clock otherwise.
 */
public class ReconciliationConfiguration implements CamelConfiguration {

    /** The store, for the report's camel-sql queries ({@code #reconciliationDataSource}). */
    @BindToRegistry
    public DataSource reconciliationDataSource(Database database) {
        return database.dataSource();
    }

    @BindToRegistry
    public ReconciliationDays reconciliationDays(CamelContext context, Database database, Settings settings,
                                                 @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        List<String> providers = Arrays.stream(settings.text("reconciliation.providers").split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).toList();
        return new ReconciliationDays(database, clock(context), providers, settings.integer("reconciliation.list-limit"), meters);
    }

    @BindToRegistry
    public ReconciliationReports reconciliationReports(ReconciliationDays days) {
        return new ReconciliationReports(days);
    }

    /**
     * The live missed / pending metrics: counts every payment the store first sees through reconciliation; the
     * Bancamiga sweep just after midnight covers yesterday by the same clock.
     */
    @BindToRegistry
    public ReconciliationMetrics reconciliationMetrics(CamelContext context, Database database, Settings settings,
                                                       PaymentStore store, BancamigaReconciler bancamigaReconciler,
                                                       @BeanInject(MicrometerConstants.METRICS_REGISTRY_NAME) MeterRegistry meters) {
        ReconciliationMetrics metrics = new ReconciliationMetrics(meters, clock(context));
        metrics.registerPendingGauges(database, settings.duration("bamboo.follow-up.after"),
                settings.duration("luka.deferred.pending-after"));
        store.onFirstSeenByReconciliation(metrics::missed);
        bancamigaReconciler.useClock(clock(context));
        return metrics;
    }

    @BindToRegistry
    public ReconciliationOperatorActions reconciliationOperatorActions(CamelContext context, ReconciliationDays days,
                                                                       OpsAudit opsAudit) {
        return new ReconciliationOperatorActions(days, opsAudit, context.createProducerTemplate());
    }

    private static Supplier<Clock> clock(CamelContext context) {
        // a runtime lookup, not a dependency: the clock bean is optional (tests bind one, the runner none), and a
        // @BindToRegistry parameter cannot be
        return () -> {
            Clock bound = context.getRegistry().lookupByNameAndType("clock", Clock.class);
            return bound != null ? bound : Clock.systemUTC();
        };
    }
}
