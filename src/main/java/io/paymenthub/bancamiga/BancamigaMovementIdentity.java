package io.paymenthub.bancamiga;

import io.paymenthub.events.Payment;
import io.paymenthub.store.MovementIdentity;

/**
 * A Bancamiga payment's movement: the bank's movement {@code ID} (find and history carry it, the webhook does not)
 * and the key of date, payer bank, payer phone, reference without leading zeros and amount (the seed shows one
 * movement under a 29- and a 30-character Refpk, same ID, reference and amount). Other providers: none.
 */
public final class BancamigaMovementIdentity implements MovementIdentity {

    @Override
    public Movement of(Payment p) {
        if (!"bancamiga".equals(p.provider())) {
            return null;
        }
        String id = p.original() != null && p.original().path("ID").isTextual() && !p.original().path("ID").asText().isBlank()
                ? p.original().path("ID").asText().trim() : null;
        java.time.LocalDate date = p.occurredAt() == null ? null : p.occurredAt().toLocalDate();
        String bank = p.payer() == null ? null : p.payer().bank();
        String phone = p.payer() == null ? null : p.payer().phone();
        return new Movement(id, BancamigaFields.movementKey(date, bank, phone, p.reference(), p.amount()),
                BancamigaFields.matchKey(date, bank, phone, p.reference()));
    }
}
