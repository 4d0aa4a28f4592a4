package mptcpanalyzer.shell;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Turns Ctrl-C (SIGINT) into an interrupt of one thread while a long command runs, in batch
 * mode too (the interactive shell already does this through JLine), and restores the previous
 * handler afterwards. Uses {@code sun.misc.Signal} (module jdk.unsupported) by reflection; where
 * it is missing, Ctrl-C keeps its default effect.
 */
final class CtrlC implements AutoCloseable {
    private final Object signal;
    private final Object previous;

    private CtrlC(Object signal, Object previous) {
        this.signal = signal;
        this.previous = previous;
    }

    /** Interrupts {@code thread} on each Ctrl-C until closed. */
    static CtrlC interrupts(Thread thread) {
        try {
            Class<?> sigClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object sig = sigClass.getConstructor(String.class).newInstance("INT");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(),
                    new Class<?>[] {handlerClass}, (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "handle": thread.interrupt(); return null;
                            case "hashCode": return System.identityHashCode(proxy);
                            case "equals": return proxy == args[0];
                            default: return "CtrlC";
                        }
                    });
            Method handle = sigClass.getMethod("handle", sigClass, handlerClass);
            return new CtrlC(sig, handle.invoke(null, sig, handler));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new CtrlC(null, null);
        }
    }

    @Override
    public void close() {
        if (signal == null) return;
        try {
            Class<?> sigClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            sigClass.getMethod("handle", sigClass, handlerClass).invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the capture is over; a handler that stays only interrupts an idle thread
        }
    }
}
