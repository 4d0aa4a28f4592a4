import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Paired comparison of whole loads by two or more builds of the analyzer (scripts/ab-load): each
 * jar in a class loader of its own in this one JVM, loads of FILE run in turn, and the ratio of
 * each build to the first taken per round, so that both sides of a ratio see the same minute of
 * a host whose speed drifts by 2x (docs/performance.md). Measures the process's CPU and the wall
 * time of each load (the reading thread and the passes after the last packet included).
 *
 * <p>Usage: java scripts/AbLoad.java FILE ROUNDS LIB_DIR JAR1 JAR2 [JAR...]
 */
public class AbLoad {
    public static void main(String[] a) throws Exception {
        if (a.length < 5) {
            System.err.println("usage: AbLoad FILE ROUNDS LIB_DIR JAR1 JAR2 [JAR...]");
            System.exit(2);
        }
        Path file = Path.of(a[0]);
        int rounds = Integer.parseInt(a[1]);
        int builds = a.length - 3;
        Method[] load = new Method[builds];
        for (int j = 0; j < builds; j++) {
            List<URL> urls = new ArrayList<>();
            urls.add(Path.of(a[3 + j]).toUri().toURL());
            java.io.File[] libs = new java.io.File(a[2]).listFiles((d, n) -> n.endsWith(".jar"));
            if (libs != null) for (java.io.File f : libs) urls.add(f.toURI().toURL());
            ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
            Class<?> loader = cl.loadClass("mptcpanalyzer.analysis.Loader");
            Class<?> progress = cl.loadClass("mptcpanalyzer.analysis.Loader$Progress");
            load[j] = loader.getMethod("load", Path.class, progress);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int w = 0; w < 2; w++) for (Method m : load) m.invoke(null, file, null); // warm-up
        double[][] cpu = new double[builds][rounds];
        double[][] wall = new double[builds][rounds];
        for (int k = 0; k < rounds; k++) {
            for (int j = 0; j < builds; j++) {
                System.gc();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                load[j].invoke(null, file, null);
                cpu[j][k] = (os.getProcessCpuTime() - c0) / 1e6;
                wall[j][k] = (System.nanoTime() - t0) / 1e6;
            }
        }
        for (int j = 0; j < builds; j++) {
            System.out.printf("%s: CPU median %.0f ms (min %.0f), wall median %.0f ms (min %.0f)%n",
                    a[3 + j], median(cpu[j]), min(cpu[j]), median(wall[j]), min(wall[j]));
        }
        for (int j = 1; j < builds; j++) {
            double[] rc = new double[rounds];
            double[] rw = new double[rounds];
            for (int k = 0; k < rounds; k++) {
                rc[k] = cpu[j][k] / cpu[0][k];
                rw[k] = wall[j][k] / wall[0][k];
            }
            System.out.printf("build %d / build 1, per round: CPU median %.3f (quartiles %.3f-%.3f), "
                    + "wall median %.3f (quartiles %.3f-%.3f)%n", j + 1, median(rc), quartile(rc, 1),
                    quartile(rc, 3), median(rw), quartile(rw, 1), quartile(rw, 3));
        }
    }

    private static double median(double[] v) { return quartile(v, 2); }

    private static double quartile(double[] v, int q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, q * s.length / 4)];
    }

    private static double min(double[] v) { return Arrays.stream(v).min().orElse(0); }

}
