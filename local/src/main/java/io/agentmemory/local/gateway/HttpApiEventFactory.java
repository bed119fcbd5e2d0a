package io.agentmemory.local.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentmemory.functions.gateway.HttpApiEvent;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP request into the event an HTTP API sends a Lambda integration with payload format 2.0: header
 * names lower-cased and repeats joined with commas, cookies in their own list, the query both raw and parsed,
 * path parameters from the matched route, and the body as text or, when it is not UTF-8 text, base64.
 */
public final class HttpApiEventFactory {

    /** The API id and account {@code sam local start-api} reports. */
    static final String API_ID = "1234567890";
    static final String ACCOUNT_ID = "123456789012";

    public HttpApiEventFactory() {
    }

    public ObjectNode create(GatewayRequest request, ApiRouter.RouteMatch match) {
        HttpApiEvent event = HttpApiEvent.request(request.method(), request.rawPath())
                .routeKey(match.route().routeKey())
                .rawQueryString(request.rawQueryString())
                .pathParameters(match.pathParameters())
                .client(request.protocol(), request.sourceIp());
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        event.cookie(cookie.strip());
                    }
                }
            } else {
                headers.merge(name, header.getValue(), (first, next) -> first + "," + next);
            }
        }
        headers.forEach(event::header);
        parseQuery(request.rawQueryString()).forEach(event::query);
        event.api(ACCOUNT_ID, API_ID, headers.getOrDefault("host", "localhost"));
        if (request.body().length > 0) {
            String text = isTextual(headers.get("content-type")) ? utf8(request.body()) : null;
            if (text == null) {
                event.base64Body(request.body());
            } else {
                event.body(text);
            }
        }
        return event.toJson();
    }

    /** Repeated names are joined with commas, as payload format 2.0 does; values are percent-decoded. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, next) -> first + "," + next);
        }
        return parameters;
    }

    private static boolean isTextual(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded");
    }

    /** The body as text only when it is valid UTF-8: anything else would be altered by a String. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String decode(String component) {
        try {
            return URLDecoder.decode(component, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return component;
        }
    }
}
