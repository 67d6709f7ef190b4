package io.paymenthub.ops;

import java.sql.SQLException;
import java.util.Map;

import io.paymenthub.events.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves /ops/ on the management port (never the business port): HTTP Basic first ({@link OpsAuth}; no password
 * configured answers 401 to everything), then the actions of every {@link OpsActions} bean in the registry, each run
 * on a worker thread and answered as JSON. {@code GET /ops/audit} lists the audit trail. Anything else under /ops/
 * is a JSON 404. Routes added here have order below {@link #FALLBACK_ORDER}; a later console adds its own the same way.
 */
public final class OpsEndpoints implements StartupListener {

    /** The router order of the authentication handler: before every /ops/ route. */
    public static final int AUTH_ORDER = -300;
    /** The router order of the JSON 404 for unknown /ops/ paths: after every /ops/ route. */
    public static final int FALLBACK_ORDER = 10_000;
    /** The routing-context key holding the authenticated operator's name. */
    public static final String ACTOR = "opsActor";

    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoints.class);
    private static final int MAX_BODY_BYTES = 65_536;

    private final OpsAuth auth;
    private final OpsAudit audit;

    public OpsEndpoints(OpsAuth auth, OpsAudit audit) {
        this.auth = auth;
        this.audit = audit;
    }

    /** Where the operator actions and the console live: {@code /ops} under the management server's path. */
    static String base(ManagementHttpServer server) {
        return (server.getPath() == null || "/".equals(server.getPath()) ? "" : server.getPath()) + "/ops";
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the management server's router takes routes at any time; registered once everything is bound
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            LOG.info("camel.management is off: the operator actions under /ops/ are unavailable");
            return;
        }
        String base = base(server);
        Router router = server.getRouter();
        router.route(base + "/*").order(AUTH_ORDER).handler(this::authenticate);
        router.route(base).order(AUTH_ORDER).handler(this::authenticate);
        router.route(base + "/*").order(AUTH_ORDER + 1).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        OpsActions.OpsRoutes routes = new OpsActions.OpsRoutes() {
            @Override
            public void get(String path, OpsActions.Handler handler) {
                router.route(HttpMethod.GET, base + "/" + path).order(AUTH_ORDER + 2).handler(rc -> run(rc, handler));
            }

            @Override
            public void post(String path, OpsActions.Handler handler) {
                router.route(HttpMethod.POST, base + "/" + path).order(AUTH_ORDER + 2).handler(rc -> run(rc, handler));
            }
        };
        routes.get("audit", r -> OpsAnswer.ok(Map.of("items", audit.list(r.limit(), r.before()))));
        for (OpsActions actions : context.getRegistry().findByType(OpsActions.class)) {
            actions.register(routes);
        }
        router.route(base + "/*").order(FALLBACK_ORDER).handler(rc -> answer(rc, OpsAnswer.error(404,
                "no operator action at " + rc.request().method() + " " + rc.request().path())));
        if (auth.configured()) {
            LOG.info("Operator actions on the management port under {}/ (HTTP Basic, ops.username and ops.password)", base);
        } else {
            LOG.warn("ops.password is not set: {}/ on the management port answers 401 to every request until it is", base);
        }
    }

    private void authenticate(RoutingContext rc) {
        String actor = auth.actor(rc.request().getHeader("Authorization"));
        if (actor == null) {
            rc.response().putHeader("WWW-Authenticate", "Basic realm=\"payment-hub ops\", charset=\"UTF-8\"");
            answer(rc, OpsAnswer.error(401, auth.configured() ? "operator user name and password required (HTTP Basic)"
                    : "operator actions are off: ops.password is not set"));
            return;
        }
        rc.put(ACTOR, actor);
        rc.next();
    }

    private static void run(RoutingContext rc, OpsActions.Handler handler) {
        OpsRequest request = new OpsRequest(rc, rc.get(ACTOR));
        rc.vertx().<OpsAnswer>executeBlocking(() -> handler.handle(request), false).onComplete(result -> {
            if (result.succeeded()) {
                answer(rc, result.result());
                return;
            }
            Throwable cause = result.cause();
            if (cause instanceof IllegalArgumentException) {
                answer(rc, OpsAnswer.error(400, cause.getMessage()));
            } else if (cause instanceof SQLException) {
                LOG.warn("{} {} answered 503: the store is unavailable ({})", rc.request().method(), rc.request().path(), cause.getMessage());
                answer(rc, OpsAnswer.error(503, "the store is unavailable; nothing was changed. Please retry later."));
            } else {
                LOG.error("{} {} failed unexpectedly", rc.request().method(), rc.request().path(), cause);
                answer(rc, OpsAnswer.error(500, "internal error; see the runner's log"));
            }
        });
    }

    static void answer(RoutingContext rc, OpsAnswer answer) {
        try {
            if (answer.body() instanceof OpsAnswer.Text text) {
                rc.response().setStatusCode(answer.status()).putHeader("Content-Type", text.contentType()).end(text.body());
                return;
            }
            rc.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                    .end(Json.MAPPER.writeValueAsString(answer.body()));
        } catch (Exception e) {
            rc.fail(e);
        }
    }
}
