package io.paymenthub.ops;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paymenthub.bancamiga.BancamigaNotice;
import io.paymenthub.bancamiga.BancamigaWebhookParser;
import io.paymenthub.events.Json;
import io.paymenthub.events.Payment;
import io.paymenthub.http.HttpErrorResponder;
import io.paymenthub.http.HttpProblem;
import io.paymenthub.partner.PartnerError;
import io.paymenthub.store.PaymentStore;
import io.paymenthub.store.RejectedMessages;
import io.paymenthub.store.ReviewQueue;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator actions on what the intake held or refused (docs/operations.md: The /ops/ API), under /ops/:
 * <ul>
 *   <li>{@code GET review?status=OPEN&limit=50&before=<id>}, {@code GET review/{id}}: held reports, newest first</li>
 *   <li>{@code POST review/{id}/release} {@code {"corrections":{"Amount":"1234.56"},"reason":"…"}}: publishes the report
 *       read with the corrected fields (its body as received stays its {@code original}); a STATUS item (Status not
 *       in bancamiga.credited-statuses) is published as it is, the operator crediting it</li>
 *   <li>{@code POST review/{id}/discard} {@code {"reason":"…"}}: closes it unpublished; the reason is required</li>
 *   <li>{@code GET rejected?endpoint=&limit=&before=}, {@code GET rejected/{id}}: refused bodies</li>
 *   <li>{@code POST rejected/{id}/replay}: sends a partner webhook's body as received (Bancamiga, Bamboo, Luka) through
 *       its own intake route again, without the partner's authentication; what is already stored changes nothing, a
 *       body still refused stays where it is (not duplicated); a merchant API's body is not replayed (409)</li>
 * </ul>
 * Every action is audited (ops_audit) with the operator and the reason.
 */
public final class IntakeOperatorActions implements OpsActions {

    /**
     * The intake route each partner webhook's refused bodies are replayed through (rejected_message.endpoint → route):
     * the route after the partner's authentication (an operator's replay does not check the partner's signature, token
     * or dateSent again; everything else runs).
     */
    static final Map<String, String> INTAKES = Map.of(
            "bancamiga-webhook", "direct:bancamiga-intake",
            "bamboo-webhook", "direct:bamboo-intake",
            "luka-webhook", "direct:luka-intake");

    /**
     * Endpoints whose refused bodies are not replayed, and why (docs/operations.md: The /ops/ API): the merchant API's are the
     * merchant's own requests, which the merchant sends again (a replay would create a purchase or a registration on
     * its behalf, or answer a verification nobody is waiting for); Bancamiga's find and history items are read again
     * by the next poll.
     */
    static final Map<String, String> NOT_REPLAYED = Map.of(
            "bamboo-purchases", "a merchant's purchase request: the merchant sends it again, corrected",
            "luka-pago-movil", "a merchant's Pago Móvil registration: the merchant sends it again, corrected",
            "pago-movil-verification", "a merchant's verification request: the merchant asks again",
            "bancamiga-find", "an item of Bancamiga's find answer: the next find reads the movement again",
            "bancamiga-history", "an item of Bancamiga's history answer: the next history poll reads the movement again");

    private static final Logger LOG = LoggerFactory.getLogger(IntakeOperatorActions.class);

    private final ReviewQueue review;
    private final RejectedMessages rejected;
    private final OpsAudit audit;
    private final BancamigaWebhookParser bancamiga;
    private final PaymentStore payments;
    private final ProducerTemplate template;

    public IntakeOperatorActions(ReviewQueue review, RejectedMessages rejected, OpsAudit audit,
                                 BancamigaWebhookParser bancamiga, PaymentStore payments, ProducerTemplate template) {
        this.review = review;
        this.rejected = rejected;
        this.audit = audit;
        this.bancamiga = bancamiga;
        this.payments = payments;
        this.template = template;
    }

    @Override
    public void register(OpsRoutes routes) {
        routes.get("review", r -> {
            String status = r.query("status");
            if (status != null && !List.of("OPEN", "RESOLVED", "RELEASED", "DISCARDED").contains(status)) {
                throw new IllegalArgumentException("status must be OPEN, RESOLVED, RELEASED or DISCARDED");
            }
            List<ReviewQueue.Stored> items = review.list(status, r.limit(), r.before());
            return OpsAnswer.ok(page(items.stream().map(i -> i.toMap(false)).toList(), items.size() == r.limit()
                    ? items.get(items.size() - 1).id() : null));
        });
        routes.get("review/:id", r -> {
            ReviewQueue.Stored item = review.get(r.idParam("id"));
            return item == null ? OpsAnswer.error(404, "no review item has id " + r.pathParam("id")) : OpsAnswer.ok(item.toMap(true));
        });
        routes.post("review/:id/release", this::release);
        routes.post("review/:id/discard", this::discard);
        routes.get("rejected", r -> {
            List<RejectedMessages.Kept> items = rejected.list(r.query("endpoint"), r.limit(), r.before());
            return OpsAnswer.ok(page(items.stream().map(k -> k.toMap(false)).toList(), items.size() == r.limit()
                    ? items.get(items.size() - 1).id() : null));
        });
        routes.get("rejected/:id", r -> {
            RejectedMessages.Kept kept = rejected.get(r.idParam("id"));
            return kept == null ? OpsAnswer.error(404, "no rejected message has id " + r.pathParam("id")) : OpsAnswer.ok(kept.toMap(true));
        });
        routes.post("rejected/:id/replay", this::replay);
    }

    /** A page: the items and the cursor of the next one ({@code before}), null on the last. */
    private static Map<String, Object> page(List<Map<String, Object>> items, Long next) {
        Map<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("items", items);
        page.put("nextBefore", next);
        return page;
    }

    private OpsAnswer release(OpsRequest r) throws Exception {
        long id = r.idParam("id");
        String reason = r.text("reason");
        JsonNode corrections = r.json().path("corrections");
        if (!corrections.isMissingNode() && !corrections.isObject()) {
            throw new IllegalArgumentException("corrections must be a JSON object of the fields to correct, e.g. {\"Amount\":\"1234.56\"}");
        }
        if (corrections.has("Refpk")) {
            throw new IllegalArgumentException("the Refpk is the payment's identity and cannot be corrected; discard the item instead");
        }
        ReviewQueue.Stored item = review.get(id);
        String target = "review_item:" + id;
        if (item == null) {
            audit.record(r.actor(), "review.release", target, reason, "not-found", null);
            return OpsAnswer.error(404, "no review item has id " + id);
        }
        if (!"OPEN".equals(item.status())) {
            audit.record(r.actor(), "review.release", target, reason, "refused", "the item is " + item.status());
            return OpsAnswer.error(409, "the review item is " + item.status() + ", not OPEN: nothing to release");
        }
        if (item.kind() == ReviewQueue.Kind.CONFLICT) {
            audit.record(r.actor(), "review.release", target, reason, "refused", "a conflicting version");
            return OpsAnswer.error(409, "this is a conflicting version of " + item.externalId() + ", which is already published"
                    + " as stored: a payment is published once. Discard this item (the stored version stands), with a reason.");
        }
        if (!"bancamiga".equals(item.provider())) {
            return OpsAnswer.error(409, "release is available for Bancamiga reports only");
        }
        JsonNode original = Json.TOLERANT.readTree(item.body());
        ObjectNode fields = original.deepCopy();
        if (corrections.isObject()) {
            corrections.fields().forEachRemaining(e -> fields.set(e.getKey(), e.getValue()));
        }
        BancamigaNotice notice = bancamiga.read(fields, original, item.body());
        if (notice.isHeld()) {
            audit.record(r.actor(), "review.release", target, reason, "refused", "still not readable: " + notice.getReview().reason());
            return new OpsAnswer(422, Map.of("message", "the corrected report still cannot be published: "
                    + notice.getReview().reason() + ". Send the corrected values in corrections.", "reviewId", id));
        }
        Payment payment = seenAs(notice.getPayment(), item.endpoint());
        // straight to the store: releasing is the operator's credit, whatever the payment's Status (kind STATUS)
        PaymentStore.Outcome outcome = payments.recordReceived(payment);
        String paymentId = payment.paymentId();
        if (outcome == PaymentStore.Outcome.CONFLICT) {
            audit.record(r.actor(), "review.release", target, reason, "refused", "the corrected values conflict with the stored payment");
            return OpsAnswer.error(409, paymentId + " is already stored with another amount or payer; the corrected version"
                    + " is held as a conflict. Compare both under /ops/review.");
        }
        String resolution = (reason == null ? "released" : reason) + " (" + outcome.name().toLowerCase() + ", corrections "
                + (corrections.isObject() ? corrections.toString() : "{}") + ")";
        if (!review.closeByOperator(id, "RELEASED", r.actor(), resolution, paymentId)) {
            audit.record(r.actor(), "review.release", target, reason, "refused", "closed meanwhile");
            return OpsAnswer.error(409, "the review item was closed meanwhile (find or history, or another operator)");
        }
        if (outcome == PaymentStore.Outcome.STORED) {
            // routes/outbox-relay.camel.yaml: never blocks, a wake already queued is enough
            template.asyncSendBody("direct:outbox-wake", 1);
        }
        audit.record(r.actor(), "review.release", target, reason, "done", paymentId + " " + outcome.name().toLowerCase());
        LOG.info("Review item {} released by operator {}: {} ({})", id, r.actor(), paymentId, outcome.name().toLowerCase());
        return OpsAnswer.ok(Map.of("reviewId", id, "paymentId", paymentId, "outcome", outcome.name(),
                "message", outcome == PaymentStore.Outcome.STORED ? "published once as " + paymentId
                        : "the movement was already stored; nothing new was published"));
    }

    private OpsAnswer discard(OpsRequest r) throws Exception {
        long id = r.idParam("id");
        String reason = r.text("reason");
        String target = "review_item:" + id;
        if (reason == null) {
            throw new IllegalArgumentException("reason is required: say why this report is dropped");
        }
        ReviewQueue.Stored item = review.get(id);
        if (item == null) {
            audit.record(r.actor(), "review.discard", target, reason, "not-found", null);
            return OpsAnswer.error(404, "no review item has id " + id);
        }
        if (!review.closeByOperator(id, "DISCARDED", r.actor(), reason, null)) {
            audit.record(r.actor(), "review.discard", target, reason, "refused", "the item is " + review.get(id).status());
            return OpsAnswer.error(409, "the review item is " + review.get(id).status() + ", not OPEN: nothing to discard");
        }
        audit.record(r.actor(), "review.discard", target, reason, "done", item.externalId());
        LOG.info("Review item {} ({}) discarded by operator {}", id, item.externalId(), r.actor());
        return OpsAnswer.ok(Map.of("reviewId", id, "status", "DISCARDED"));
    }

    private OpsAnswer replay(OpsRequest r) throws Exception {
        long id = r.idParam("id");
        String reason = r.text("reason");
        String target = "rejected_message:" + id;
        RejectedMessages.Kept kept = rejected.get(id);
        if (kept == null) {
            audit.record(r.actor(), "rejected.replay", target, reason, "not-found", null);
            return OpsAnswer.error(404, "no rejected message has id " + id);
        }
        String intake = INTAKES.get(kept.endpoint());
        if (intake == null) {
            String why = NOT_REPLAYED.getOrDefault(kept.endpoint(), "no intake route replays it");
            audit.record(r.actor(), "rejected.replay", target, reason, "refused", "not replayable: " + why);
            return OpsAnswer.error(409, "bodies refused by " + kept.endpoint() + " are not replayed (" + why
                    + "); replay covers the partner webhooks " + new java.util.TreeSet<>(INTAKES.keySet()));
        }
        if (kept.truncated()) {
            audit.record(r.actor(), "rejected.replay", target, reason, "refused", "body truncated");
            return OpsAnswer.error(409, "only the first " + kept.body().length + " of " + kept.bodySize()
                    + " bytes were kept: the body cannot be replayed as sent");
        }
        Exchange done = template.send(intake, exchange -> {
            exchange.getMessage().setBody(kept.body());
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, kept.contentType());
            exchange.setProperty(HttpErrorResponder.PROVIDER, kept.endpoint().split("-")[0]);
            exchange.setProperty(RejectedMessages.FIRST_RECEIVED_AT, java.time.Instant.parse(kept.receivedAt()));
        });
        Exception failure = done.getException();
        String refpk = externalId(done);
        if (failure instanceof HttpProblem problem) {
            return refusedAgain(r, id, target, reason, problem.status(), problem.getMessage(), problem.errors());
        }
        if (failure instanceof PartnerError partner && "Bamboo".equals(partner.partner())) {
            // Bamboo refused the callback's read-back: the status its webhook would answer (bamboo-api-errors in
            // error-handling.camel.yaml: refused 400, any other kind 502), and the body stays kept
            return refusedAgain(r, id, target, reason, partner.kind() == PartnerError.Kind.REFUSED ? 400 : 502,
                    partner.getMessage(), List.of());
        }
        if (failure != null) {
            throw failure;
        }
        PaymentStore.Outcome outcome = done.getMessage().getBody(PaymentStore.Outcome.class);
        rejected.replayed(id, outcome.name().toLowerCase() + (refpk == null ? "" : " " + refpk));
        audit.record(r.actor(), "rejected.replay", target, reason, "done", outcome.name().toLowerCase() + " " + refpk);
        LOG.info("Rejected message {} replayed by operator {}: {} {}", id, r.actor(), outcome.name().toLowerCase(), refpk);
        return OpsAnswer.ok(Map.of("rejectedId", id, "outcome", outcome.name(), "externalId", refpk == null ? "" : refpk,
                "message", switch (outcome) {
                    case STORED -> "luka-webhook".equals(kept.endpoint()) ? "stored; published once Luka's polling endpoint confirms it"
                            : "stored and published";
                    case DUPLICATE, ALIAS -> "already stored: nothing changed";
                    case HELD, CONFLICT -> "acknowledged and held for review (GET /ops/review)";
                }));
    }

    /**
     * The payment as it was seen: a report held from Bancamiga's find or history answer (endpoint bancamiga-find,
     * bancamiga-history; a STATUS item) is published with that observedVia, not as a webhook's.
     */
    private static Payment seenAs(Payment p, String endpoint) {
        if (endpoint == null || !endpoint.startsWith("bancamiga-") || endpoint.equals("bancamiga-webhook")) {
            return p;
        }
        String via = endpoint.substring("bancamiga-".length());
        return new Payment(p.provider(), p.externalId(), p.method(), p.status(), p.amount(), p.currency(), p.reference(),
                p.payer(), p.payee(), p.occurredAt(), via, "/bancamiga/" + via, p.original(), p.partnerStatus());
    }

    /** What the replayed body names, as each intake leaves it on the exchange; null when it named nothing readable. */
    private static String externalId(Exchange done) {
        String refpk = done.getProperty(BancamigaWebhookParser.REFPK_PROPERTY, String.class);
        if (refpk != null) {
            return refpk;
        }
        io.paymenthub.events.Payment bamboo = done.getProperty(io.paymenthub.bamboo.BambooWebhook.PAYMENT, io.paymenthub.events.Payment.class);
        if (bamboo != null) {
            return bamboo.externalId();
        }
        io.paymenthub.luka.LukaTransactions.Row luka = done.getProperty(io.paymenthub.luka.LukaDeferred.ROW,
                io.paymenthub.luka.LukaTransactions.Row.class);
        return luka == null ? null : luka.transaccionId();
    }

    /** A replayed body the intake refused again: 422, the status its route would answer, and the body stays kept. */
    private OpsAnswer refusedAgain(OpsRequest r, long id, String target, String reason, int status, String message,
                                   List<?> errors) throws Exception {
        String outcome = "refused again: " + status + " " + message;
        rejected.replayed(id, outcome);
        audit.record(r.actor(), "rejected.replay", target, reason, "refused", outcome);
        return new OpsAnswer(422, Map.of("message", "the body is still refused: " + message
                + "; it stays kept as rejected message " + id, "status", status, "errors", errors));
    }
}
