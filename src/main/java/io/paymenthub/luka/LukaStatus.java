package io.paymenthub.luka;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Luka's transaction answer (movpay, pagodiferido, webhook: one shape) normalized to our statuses. The one
 * place the mapping lives; the README's table says the same:
 * <ul>
 *   <li>{@code Exitoso=false}: REJECTED, with Luka's {@code Descripcion} as the reason</li>
 *   <li>{@code Exitoso=true} and {@code InfoProceso.EstatusProcesamiento}: {@code success} → APPROVED,
 *       {@code pending} → PENDING, any other value (a final one: rejected, failed, …) → REJECTED with Luka's text</li>
 *   <li>{@code Exitoso=true} without an {@code EstatusProcesamiento}: PENDING — "Exitoso=true does not mean
 *       paid", and nothing says it failed, so it is checked again through the polling endpoint</li>
 * </ul>
 */
public final class LukaStatus {

    public static final String APPROVED = "APPROVED";
    public static final String PENDING = "PENDING";
    public static final String REJECTED = "REJECTED";
    public static final String EXPIRED = "EXPIRED";

    /**
     * A normalized answer.
     *
     * @param status           APPROVED, PENDING or REJECTED
     * @param reason           why, for REJECTED (Luka's text); null otherwise
     * @param exitoso          Luka's {@code Exitoso}
     * @param estatus          Luka's {@code InfoProceso.EstatusProcesamiento} as sent ("" when absent)
     * @param descripcion      Luka's {@code Descripcion} ("" when absent)
     * @param transaccionId    Luka's {@code TransaccionId}, null when absent or 0
     * @param trazaId          the {@code TrazaId} Luka echoes ("" when absent)
     */
    public record Normalized(String status, String reason, boolean exitoso, String estatus, String descripcion,
                             String transaccionId, String trazaId) {
        public boolean isFinal() {
            return !PENDING.equals(status);
        }
    }

    private LukaStatus() {
    }

    /** Whether the JSON is a transaction answer at all (it carries {@code Exitoso}). */
    public static boolean isTransaction(JsonNode answer) {
        JsonNode exitoso = LukaFields.get(answer, "exitoso");
        return exitoso != null && (exitoso.isBoolean() || "true".equalsIgnoreCase(exitoso.asText()) || "false".equalsIgnoreCase(exitoso.asText()));
    }

    /** Normalizes a transaction answer; throws {@link LukaError} when the JSON is not one. */
    public static Normalized normalize(JsonNode answer) {
        if (!isTransaction(answer)) {
            throw new LukaError(LukaError.Kind.UNEXPECTED, 200, "Luka answered without a boolean Exitoso: not a transaction answer", null);
        }
        boolean exitoso = LukaFields.get(answer, "exitoso").asBoolean() || "true".equalsIgnoreCase(LukaFields.text(answer, "exitoso"));
        String estatus = LukaFields.text(LukaFields.get(answer, "infoProceso"), "estatusProcesamiento");
        String descripcion = LukaFields.text(answer, "descripcion");
        String transaccionId = LukaFields.transaccionId(answer);
        String trazaId = LukaFields.text(answer, "trazaId");
        String status;
        String reason = null;
        String value = estatus.toLowerCase(Locale.ROOT);
        if (!exitoso) {
            status = REJECTED;
            reason = descripcion.isEmpty() ? "Luka answered Exitoso=false" + (estatus.isEmpty() ? "" : " (" + estatus + ")") : descripcion;
        } else if (value.equals("success") || value.equals("exitoso")) {
            status = APPROVED;
        } else if (value.isEmpty() || value.equals("pending") || value.equals("pendiente")) {
            status = PENDING;
        } else {
            status = REJECTED;
            reason = "Luka: " + estatus + (descripcion.isEmpty() ? "" : " — " + descripcion);
        }
        return new Normalized(status, reason, exitoso, estatus, descripcion, transaccionId, trazaId);
    }
}
