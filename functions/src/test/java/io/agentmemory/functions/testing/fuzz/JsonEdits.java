package io.agentmemory.functions.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Edits that break a valid request: set or remove a field by JSON pointer, splice bytes or characters. */
final class JsonEdits {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonEdits() {
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void set(ObjectNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    static void remove(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) root.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));
    }

    static byte[] insert(byte[] into, byte[] what, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(into, 0, at);
        out.write(what, 0, what.length);
        out.write(into, at, into.length - at);
        return out.toByteArray();
    }

    static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    static String removeNth(String s, char c, int n) {
        int seen = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c && seen++ == n) {
                return s.substring(0, i) + s.substring(i + 1);
            }
        }
        return s;
    }
}
