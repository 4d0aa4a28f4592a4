import java.nio.file.Path;
import java.net.*; import java.lang.reflect.*; import java.util.*;
public class AB { public static void main(String[] a) throws Exception {
  String file = a[0]; int N = Integer.parseInt(a[1]); int rounds = Integer.parseInt(a[2]);
  int J = a.length - 3; Object[] loops = new Object[J]; Method[] run = new Method[J];
  for (int j = 0; j < J; j++) {
    URLClassLoader cl = new URLClassLoader(new URL[]{Path.of(a[3 + j]).toUri().toURL(), Path.of("/tmp/t/ab/").toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> c = cl.loadClass("DecLoop"); loops[j] = c.getConstructor(String.class, int.class).newInstance(file, N); run[j] = c.getMethod("run");
  }
  double[][] r = new double[J][rounds];
  for (int w = 0; w < 3; w++) for (int j = 0; j < J; j++) run[j].invoke(loops[j]);
  for (int k = 0; k < rounds; k++) for (int j = 0; j < J; j++) r[j][k] = (double) run[j].invoke(loops[j]);
  for (int j = 0; j < J; j++) { double[] x = r[j].clone(); Arrays.sort(x); System.out.printf("%s: median %.1f min %.1f ns/packet%n", a[3+j], x[rounds/2], x[0]); }
  double[] ratio = new double[rounds]; for (int k = 0; k < rounds; k++) ratio[k] = r[J-1][k] / r[0][k]; Arrays.sort(ratio);
  System.out.printf("last/first per round: median %.3f (min %.3f max %.3f)%n", ratio[rounds/2], ratio[0], ratio[rounds-1]);
}}
