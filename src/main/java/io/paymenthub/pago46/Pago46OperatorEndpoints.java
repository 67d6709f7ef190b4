package io.paymenthub.pago46;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paymenthub.events.Json;
import io.paymenthub.ops.OpsActions;
import io.paymenthub.ops.OpsAnswer;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.pago46.Pago46Batches.Parked;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator actions on parked PAGO46 batches, on the management port (never the business port):
 * <ul>
 *   <li>{@code GET  /ops/pago46/batches/parked}: parked batches with PAGO46's reason</li>
 *   <li>{@code POST /ops/pago46/batches/{id}/requeue}: puts a parked batch's transactions back in line</li>
 * </ul>
 * behind /ops/'s HTTP Basic, and at their first paths beside /observe/health ({@code /observe/pago46/batches/…}),
 * kept for the scripts that use them. Every re-queue is audited (ops_audit), whichever path asked for it.
 * The handlers only translate HTTP to the store's two calls and back.
 */
public final class Pago46OperatorEndpoints implements StartupListener, OpsActions {

    private static final Logger LOG = LoggerFactory.getLogger(Pago46OperatorEndpoints.class);

    /** The actor written to the audit trail for a re-queue asked on the older, unauthenticated /observe path. */
    static final String OBSERVE_ACTOR = "(unauthenticated /observe path)";

    private final Pago46Batches batches;
    private final Pago46Settings settings;
    private final OpsAudit audit;

    public Pago46OperatorEndpoints(Pago46Batches batches, Pago46Settings settings, OpsAudit audit) {
        this.batches = batches;
        this.settings = settings;
        this.audit = audit;
    }

    @Override
    public void register(OpsRoutes routes) {
        routes.get("pago46/batches/parked", r -> OpsAnswer.ok(parkedList()));
        routes.post("pago46/batches/:id/requeue", r -> {
            long id = r.idParam("id");
            Answer a = requeue(id, r.actor(), r.text("reason"));
            return new OpsAnswer(a.status(), a.body());
        });
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the management server is started by then; its router takes routes at any time
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            LOG.info("camel.management is off: the PAGO46 operator actions (list and re-queue parked batches) are unavailable");
            return;
        }
        // beside the health endpoint (camel.management.health-path, /observe/health by default)
        String root = server.getPath() == null || "/".equals(server.getPath()) ? "" : server.getPath();
        String health = server.getHealthPath() == null ? "/observe/health" : server.getHealthPath();
        String base = root + health.substring(0, Math.max(0, health.lastIndexOf('/'))) + "/pago46/batches";
        Router router = server.getRouter();
        router.route(HttpMethod.GET, base + "/parked").order(-100).handler(rc -> blocking(rc, r -> new Answer(200, parkedList())));
        router.route(HttpMethod.POST, base + "/:id/requeue").order(-100).handler(rc -> blocking(rc, this::requeue));
        LOG.info("PAGO46 operator actions on the management port: GET {}/parked, POST {}/{id}/requeue", base, base);
    }

    private interface Action {
        Answer run(RoutingContext rc) throws Exception;
    }

    private record Answer(int status, Object body) {
    }

    private static void blocking(RoutingContext rc, Action action) {
        rc.vertx().<Answer>executeBlocking(() -> action.run(rc), false).onComplete(result -> {
            Answer answer = result.succeeded() ? result.result()
                    : new Answer(503, Map.of("message", "the store cannot be read: " + result.cause().getMessage()));
            try {
                rc.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                        .end(Json.MAPPER.writeValueAsString(answer.body()));
            } catch (Exception e) {
                rc.fail(e);
            }
        });
    }

    private Map<String, Object> parkedList() throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Parked p : batches.parkedBatches()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("batchId", p.id());
            item.put("transactions", p.transactions());
            item.put("attempts", p.attempts());
            item.put("httpStatus", p.httpStatus());
            item.put("reason", p.partnerMessage());
            item.put("parkedAt", p.parkedAt() == null ? null : p.parkedAt().toString());
            list.add(item);
        }
        return Map.of("parked", list);
    }

    private Answer requeue(RoutingContext rc) throws Exception {
        long id;
        try {
            id = Long.parseLong(rc.pathParam("id"));
        } catch (NumberFormatException e) {
            return new Answer(400, Map.of("message", "the batch id must be a number"));
        }
        return requeue(id, OBSERVE_ACTOR, null);
    }

    private Answer requeue(long id, String actor, String reason) throws Exception {
        int rows = batches.requeue(id, settings.documentId, settings.paymentMethod, settings.bankCountryCurrencyId);
        if (rows < 0) {
            audit.record(actor, "pago46.batch.requeue", "pago46_batch:" + id, reason, "not-found", "no parked batch has this id");
            return new Answer(404, Map.of("message", "no parked PAGO46 batch has id " + id));
        }
        audit.record(actor, "pago46.batch.requeue", "pago46_batch:" + id, reason, "done", rows + " transactions pending again");
        LOG.info("PAGO46 batch {} re-queued by operator {}: {} transactions are pending again", id, actor, rows);
        return new Answer(200, Map.of("batchId", id, "requeued", rows,
                "message", rows + " transactions are pending again and go with the next batch"));
    }
}
