package io.paymenthub;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wiring rule of {@link PaymentHub#CONFIGURATIONS}, checked without starting anything: every parameter of a
 * {@code @BindToRegistry} method is the CamelContext, a bean named by {@code @BeanInject} that an earlier method
 * binds, or exactly one bean of its type that an earlier configuration binds, or that a method of the same class
 * binds whose own parameters all come from earlier configurations (Camel binds those first within a class).
 */
class ConfigurationOrderTest {

    @Test
    void everyBeanDependsOnlyOnBeansBoundBeforeIt() {
        List<Method> earlier = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        for (Class<? extends CamelConfiguration> configuration : PaymentHub.CONFIGURATIONS) {
            List<Method> own = Arrays.stream(configuration.getMethods())
                    .filter(m -> m.isAnnotationPresent(BindToRegistry.class)).toList();
            // Camel binds first the methods none of whose parameters another method of the class returns
            List<Method> first = own.stream().filter(m -> Arrays.stream(m.getParameterTypes())
                    .noneMatch(type -> producers(own, type).stream().anyMatch(p -> p.getParameterCount() > 0))).toList();
            for (Method method : own) {
                List<Method> available = new ArrayList<>(earlier);
                if (!first.contains(method)) {
                    available.addAll(first);
                }
                for (Parameter parameter : method.getParameters()) {
                    String fault = fault(parameter, available, earlier, own);
                    if (fault != null) {
                        faults.add(configuration.getSimpleName() + "." + method.getName() + "(" + parameter.getType().getSimpleName()
                                + "): " + fault);
                    }
                }
            }
            earlier.addAll(own);
        }
        assertEquals(List.of(), faults);
    }

    private static String fault(Parameter parameter, List<Method> available, List<Method> earlier, List<Method> own) {
        Class<?> type = parameter.getType();
        if (type.isAssignableFrom(CamelContext.class)) {
            return null;
        }
        BeanInject named = parameter.getAnnotation(BeanInject.class);
        if (named != null) {
            boolean bound = earlier.stream().anyMatch(m -> beanName(m).equals(named.value()) && type.isAssignableFrom(m.getReturnType()));
            return bound ? null : "no earlier configuration binds a bean named " + named.value();
        }
        List<Method> all = new ArrayList<>(earlier);
        all.addAll(own);
        if (producers(all, type).size() > 1) {
            return "more than one bean of this type: name the one meant with @BeanInject";
        }
        return producers(available, type).isEmpty()
                ? "bound by no earlier configuration, nor by a method of the same class that depends only on earlier ones" : null;
    }

    private static List<Method> producers(List<Method> methods, Class<?> type) {
        return methods.stream().filter(m -> type.isAssignableFrom(m.getReturnType())).toList();
    }

    private static String beanName(Method method) {
        String name = method.getAnnotation(BindToRegistry.class).value();
        return name.isEmpty() ? method.getName() : name;
    }
}
