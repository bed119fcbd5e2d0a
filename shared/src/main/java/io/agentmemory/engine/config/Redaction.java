package io.agentmemory.engine.config;

/** Settings printed for operators: a URL's user information (where a password may sit) is hidden. */
final class Redaction {

    private Redaction() {
    }

    static String url(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        return scheme < 0 || at < scheme ? url : url.substring(0, scheme + 3) + "(hidden)" + url.substring(at);
    }
}
