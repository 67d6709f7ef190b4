package io.paymenthub.reconciliation;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paymenthub.ops.OpsActions;
import io.paymenthub.ops.OpsAnswer;
import io.paymenthub.ops.OpsAudit;
import io.paymenthub.ops.OpsRequest;
import org.apache.camel.ProducerTemplate;

/**
 * The daily report under /ops/ on the management port (docs/operations.md: Daily reconciliation report):
 * <ul>
 *   <li>{@code GET reconciliation?date=YYYY-MM-DD[&version=n]}: the latest (or the given) stored version per provider,
 *       {@code "closed": true}; a day not closed yet is built now from the store, {@code "closed": false}, nothing
 *       stored. JSON, or CSV with {@code Accept: text/csv} (one line per figure and per exception row).</li>
 *   <li>{@code POST reconciliation/close?date=YYYY-MM-DD} {@code {"reason":"…"}}: closes the day again as a new version
 *       (never overwriting one), published as {@code reconciliation.day-closed}; audited.</li>
 * </ul>
 */
public final class ReconciliationOperatorActions implements OpsActions {

    private final ReconciliationDays days;
    private final OpsAudit audit;
    private final ProducerTemplate template;

    public ReconciliationOperatorActions(ReconciliationDays days, OpsAudit audit, ProducerTemplate template) {
        this.days = days;
        this.audit = audit;
        this.template = template;
    }

    @Override
    public void register(OpsRoutes routes) {
        routes.get("reconciliation", this::read);
        routes.post("reconciliation/close", this::close);
    }

    private OpsAnswer read(OpsRequest r) throws Exception {
        LocalDate day = ReconciliationDays.parseDate(r.query("date"));
        Integer version = null;
        if (r.query("version") != null) {
            try {
                version = Integer.valueOf(r.query("version"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("version must be a number");
            }
        }
        List<Map<String, Object>> reports = days.stored(day, version);
        boolean closed = !reports.isEmpty();
        if (!closed && version != null) {
            return OpsAnswer.error(404, "the report of " + day + " has no version " + version);
        }
        if (!closed) {
            reports = build(day);
        }
        String accept = r.header("Accept");
        if (accept != null && accept.contains("text/csv")) {
            return OpsAnswer.text("text/csv; charset=utf-8", ReconciliationCsv.of(reports));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", day.toString());
        body.put("closed", closed);
        body.put("reports", reports);
        return OpsAnswer.ok(body);
    }

    private OpsAnswer close(OpsRequest r) throws Exception {
        LocalDate day = ReconciliationDays.parseDate(r.query("date"));
        String reason = r.text("reason");
        if (!day.isBefore(days.today())) {
            audit.record(r.actor(), "reconciliation.close", day.toString(), reason, "refused", "the day has not ended");
            return OpsAnswer.error(409, "the day " + day + " has not ended (Venezuelan time): it cannot be closed yet");
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("reconciliationDate", day.toString());
        headers.put("closedBy", r.actor());
        if (reason != null) {
            headers.put("closeReason", reason);
        }
        List<?> stored = template.requestBodyAndHeaders("direct:reconciliation-close", null, headers, List.class);
        Object version = stored.isEmpty() ? null : ((Map<?, ?>) stored.get(0)).get("version");
        audit.record(r.actor(), "reconciliation.close", day.toString(), reason, "closed", "version " + version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", day.toString());
        body.put("closed", true);
        body.put("version", version);
        body.put("reports", stored);
        return OpsAnswer.ok(body);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> build(LocalDate day) {
        return template.requestBodyAndHeader("direct:reconciliation-report", null, "reconciliationDate", day.toString(), List.class);
    }
}
