package io.paymenthub;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.reconciliation.ReconciliationDays;
import io.paymenthub.reconciliation.ReconciliationMetrics;
import io.paymenthub.reconciliation.ReconciliationOperatorActions;
import io.paymenthub.reconciliation.ReconciliationReports;
import io.paymenthub.settings.Settings;
import io.paymenthub.store.Database;
import io.paymenthub.store.PaymentStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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

    private ReconciliationDays days;

    private static Supplier<Clock> clock(CamelContext context) {
        return () -> {
            Clock bound = context.getRegistry().lookupByNameAndType("clock", Clock.class);
            return bound != null ? bound : Clock.systemUTC();
        };
    }

    private synchronized ReconciliationDays days(CamelContext context) {
        if (days == null) {
            Settings settings = Settings.of(context);
            List<String> providers = Arrays.stream(settings.text("reconciliation.providers").split(","))
                    .map(String::trim).filter(p -> !p.isEmpty()).toList();
            days = new ReconciliationDays(database(context), clock(context), providers,
                    settings.integer("reconciliation.list-limit"), meters(context));
        }
        return days;
    }

    @BindToRegistry(lazy = true)
    public DataSource reconciliationDataSource(CamelContext context) {
        return database(context).dataSource();
    }

    @BindToRegistry(lazy = true)
    public ReconciliationDays reconciliationDays(CamelContext context) {
        return days(context);
    }

    @BindToRegistry(lazy = true)
    public ReconciliationReports reconciliationReports(CamelContext context) {
        return new ReconciliationReports(days(context));
    }

    @Override
    public void configure(CamelContext context) {
        Settings settings = Settings.of(context);
        ReconciliationMetrics metrics = new ReconciliationMetrics(meters(context), clock(context));
        metrics.registerPendingGauges(database(context), settings.duration("bamboo.follow-up.after"),
                settings.duration("luka.deferred.pending-after"));
        context.getRegistry().lookupByNameAndType("paymentStore", PaymentStore.class).onFirstSeenByReconciliation(metrics::missed);
        io.paymenthub.bancamiga.BancamigaReconciler reconciler =
                context.getRegistry().lookupByNameAndType("bancamigaReconciler", io.paymenthub.bancamiga.BancamigaReconciler.class);
        if (reconciler != null) {
            reconciler.useClock(clock(context)); // the sweep just after midnight covers yesterday by the same clock
        }
        context.getRegistry().bind("reconciliationOperatorActions", new ReconciliationOperatorActions(days(context),
                context.getRegistry().lookupByNameAndType("opsAudit", OpsAudit.class), context.createProducerTemplate()));
    }

    private static Database database(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("database", Database.class);
    }

    private static MeterRegistry meters(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        return registry;
    }
}
