package dev.clerksync.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Base of the servlets that serve a path: any method the servlet does not serve is a
 * {@link MethodNotAllowedException} (405 with {@code Allow}), where {@link HttpServlet} answers 501
 * for methods it does not know (PATCH, PROPFIND, …) and echoes TRACE. The methods served are read
 * from the {@code do…} methods the servlet overrides, so they cannot drift from what it implements.
 */
public abstract class Endpoint extends HttpServlet {

    private static final Map<String, String> HANDLERS = Map.of("GET", "doGet", "POST", "doPost", "PUT", "doPut",
            "DELETE", "doDelete");

    private final Set<String> allowed = served(getClass());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!allowed.contains(request.getMethod())) {
            throw new MethodNotAllowedException(request.getMethod(), allowed);
        }
        super.service(request, response);
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", String.join(", ", allowed));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static Set<String> served(Class<?> servlet) {
        Set<String> methods = new LinkedHashSet<>();
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            if (overrides(servlet, HANDLERS.get(method))) {
                methods.add(method);
            }
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return Collections.unmodifiableSet(methods);
    }

    private static boolean overrides(Class<?> servlet, String handler) {
        for (Class<?> type = servlet; type != Endpoint.class; type = type.getSuperclass()) {
            try {
                type.getDeclaredMethod(handler, HttpServletRequest.class, HttpServletResponse.class);
                return true;
            } catch (NoSuchMethodException e) {
                // not declared at this level; look further up
            }
        }
        return false;
    }
}
