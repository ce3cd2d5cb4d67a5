package io.ferry.migration.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** A connection that counts the statements run through it (each execute call once). */
public final class CountingConnection {

    private final AtomicInteger statements = new AtomicInteger();
    private final Connection connection;

    public CountingConnection(Connection real) {
        this.connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, forward(real, true));
    }

    /** The counting connection; closing it closes the real one. */
    public Connection connection() {
        return connection;
    }

    public int statements() {
        return statements.get();
    }

    private InvocationHandler forward(Object target, boolean wrapStatements) {
        return (proxy, method, args) -> {
            Object result = invoke(method, target, args);
            if (!wrapStatements && method.getName().startsWith("execute")) {
                statements.incrementAndGet();
            }
            if (wrapStatements && result instanceof Statement s) {
                Class<?> type = method.getReturnType();
                return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {type}, forward(s, false));
            }
            return result;
        };
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
