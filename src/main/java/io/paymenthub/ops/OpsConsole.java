package io.paymenthub.ops;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the operator console, static files in the jar ({@code ops-console/}: HTML, CSS, plain JavaScript, nothing
 * fetched from elsewhere), at {@code /ops/} on the management port, behind the same HTTP Basic as the /ops/ actions
 * ({@link OpsEndpoints} authenticates first). {@code /ops} redirects to {@code /ops/}.
 */
public final class OpsConsole implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(OpsConsole.class);

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routes are added once everything is bound, like OpsEndpoints
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null || server.getRouter() == null) {
            return; // OpsEndpoints says /ops/ is unavailable
        }
        String base = OpsEndpoints.base(server);
        Router router = server.getRouter();
        router.route(HttpMethod.GET, base).order(OpsEndpoints.AUTH_ORDER + 3)
                .handler(rc -> {
                    if (rc.request().path().equals(base)) {
                        rc.response().setStatusCode(302).putHeader("Location", base + "/").end();
                    } else {
                        rc.next(); // Vert.x matches /ops/ here too
                    }
                });
        // after the JSON actions (AUTH_ORDER + 2), before the JSON 404; a path with no file falls through to that 404
        router.route(HttpMethod.GET, base + "/*").order(OpsEndpoints.AUTH_ORDER + 3).handler(StaticHandler.create("ops-console")
                .setIndexPage("index.html").setCachingEnabled(false).setDefaultContentEncoding("UTF-8"));
        LOG.info("Operator console on the management port at {}/ (HTTP Basic, ops.username and ops.password)", base);
    }
}
