package io.agentmemory.functions.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An API Gateway HTTP API event, payload format 2.0, as the gateway hands it to a Lambda integration: the one
 * builder behind priming, the local runner, the benchmark and the tests, so all of them send the event shape the
 * deployed functions receive. Only what is set appears, except the fields the gateway always sends.
 */
public final class HttpApiEvent {

    public static final String DEFAULT_ROUTE = "$default";
    /** The JWT authorizer's issuer and audience in events made outside a deployment. */
    public static final String ISSUER = "https://issuer.example.test/";
    public static final String AUDIENCE = "memory-api";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String method;
    private final String rawPath;
    private String routeKey = DEFAULT_ROUTE;
    private String rawQueryString;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private String accountId = "123456789012";
    private String apiId = "api1234567";
    private String domainName;
    private String protocol = "HTTP/1.1";
    private String sourceIp = "203.0.113.10";
    private String requestId;
    private Map<String, String> claims;
    private List<String> scopes;
    private String body;
    private boolean base64;

    private HttpApiEvent(String method, String rawPath) {
        this.method = method;
        this.rawPath = rawPath;
    }

    public static HttpApiEvent request(String method, String rawPath) {
        return new HttpApiEvent(method, rawPath);
    }

    /** The route the gateway matched ({@code POST /v1/users/{userId}/memories}); {@code $default} otherwise. */
    public HttpApiEvent routeKey(String key) {
        routeKey = key;
        return this;
    }

    /** A header as the gateway passes it; {@code null} removes it. */
    public HttpApiEvent header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    public HttpApiEvent cookie(String cookie) {
        cookies.add(cookie);
        return this;
    }

    /** The query as received; without it, the query parameters joined as {@code name=value&...}. */
    public HttpApiEvent rawQueryString(String raw) {
        rawQueryString = raw;
        return this;
    }

    public HttpApiEvent query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public HttpApiEvent pathParameters(Map<String, String> parameters) {
        pathParameters.putAll(parameters);
        return this;
    }

    public HttpApiEvent api(String account, String api, String domain) {
        accountId = account;
        apiId = api;
        domainName = domain;
        return this;
    }

    /** Where the request came from, as the gateway's {@code requestContext.http} reports it. */
    public HttpApiEvent client(String httpProtocol, String ip) {
        protocol = httpProtocol;
        sourceIp = ip;
        return this;
    }

    public HttpApiEvent requestId(String id) {
        requestId = id;
        return this;
    }

    public HttpApiEvent body(String text) {
        body = text;
        base64 = false;
        return this;
    }

    public HttpApiEvent base64Body(byte[] value) {
        return base64Body(Base64.getEncoder().encodeToString(value));
    }

    /** A body the gateway marked base64, as given (which lets a test send one that does not decode). */
    public HttpApiEvent base64Body(String encoded) {
        body = encoded;
        base64 = true;
        return this;
    }

    /**
     * The claims of a token the JWT authorizer verified for {@code subject} (issuer, audience, an hour's expiry),
     * with its scopes; a user acting on their own memories is {@code as(userId)}.
     */
    public HttpApiEvent as(String subject, String... tokenScopes) {
        claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("exp", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()));
        scopes = List.of(tokenScopes);
        return this;
    }

    public ObjectNode toJson() {
        Instant now = Instant.now();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQueryString != null ? rawQueryString : joinedQuery());
        if (!cookies.isEmpty()) {
            ArrayNode cookieList = event.putArray("cookies");
            cookies.forEach(cookieList::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        putUnlessEmpty(event, "queryStringParameters", query);
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", accountId);
        context.put("apiId", apiId);
        String domain = domainName != null ? domainName : apiId + ".execute-api.eu-west-1.amazonaws.com";
        context.put("domainName", domain);
        context.put("domainPrefix", domain.split("[.:]", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", protocol);
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId != null ? requestId : UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", DEFAULT_ROUTE);
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (claims != null) {
            ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
            ObjectNode claimNode = jwt.putObject("claims");
            claims.forEach(claimNode::put);
            ArrayNode scopeNode = jwt.putArray("scopes");
            scopes.forEach(scopeNode::add);
        }
        putUnlessEmpty(event, "pathParameters", pathParameters);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    public byte[] bytes() {
        return toJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The gateway leaves out a map it has nothing for. */
    private static void putUnlessEmpty(ObjectNode event, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode node = event.putObject(field);
            values.forEach(node::put);
        }
    }

    private String joinedQuery() {
        StringBuilder raw = new StringBuilder();
        query.forEach((name, value) -> raw.append(raw.isEmpty() ? "" : "&").append(name).append('=').append(value));
        return raw.toString();
    }
}
