package io.paymenthub.http;

import java.util.Map;

import org.apache.camel.Exchange;

/**
 * A route's own shape of its JSON error answers, on top of the contract's {@code message} (and {@code errors}, partner
 * details). A route names the bean that shapes its errors in the {@link HttpErrorResponder#ERROR_BODY} property, e.g.
 * Bancamiga's webhook, whose errors read {@code {"Code":400,"Refpk":…,"message":…}}.
 */
public interface ErrorBody {

    /** The fields that come first in the answer with this HTTP status (e.g. {@code Code} and {@code Refpk}), in order. */
    Map<String, Object> leadingFields(Exchange exchange, int status);
}
