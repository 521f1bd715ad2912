using System.Reflection;
using System.Reflection.Emit;

namespace ExperimentHarness.Tests.Support;

/// <summary>
/// Every type a compiled type uses: its signatures (base, interfaces, fields, properties, methods, attributes) and the
/// tokens in its method bodies. Read from IL rather than source text so that fully qualified names, `global::` and
/// namespace-relative references (`Engine.Flops` inside ExperimentHarness.X) are all seen.
/// </summary>
public static class TypeReferences
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t)) return;
            if (t.HasElementType) Add(t.GetElementType());
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType);
        foreach (var f in type.GetFields(Declared)) Add(f.FieldType);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            foreach (var t in BodyReferences(m)) Add(t);
        }
        return found;
    }

    /// <summary>The methods and constructors called in the bodies of a type's own methods (not of its nested types).</summary>
    public static IEnumerable<(MethodBase Caller, MethodBase Callee)> Calls(Type type) =>
        type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared))
            .SelectMany(m => BodyMembers(m).OfType<MethodBase>().Select(callee => (m, callee)));

    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        foreach (var member in BodyMembers(method))
        {
            switch (member)
            {
                case Type t:
                    yield return t;
                    break;
                case FieldInfo f:
                    yield return f.DeclaringType!;
                    yield return f.FieldType;
                    break;
                case MethodBase m:
                    yield return m.DeclaringType!;
                    if (m is MethodInfo mi)
                    {
                        yield return mi.ReturnType;
                        if (mi.IsGenericMethod) foreach (var a in mi.GetGenericArguments()) yield return a;
                    }
                    foreach (var p in m.GetParameters()) yield return p.ParameterType;
                    break;
            }
        }
    }

    private static IEnumerable<MemberInfo> BodyMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var pos = 0; pos < il.Length;)
        {
            short value = il[pos++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[pos++]));
            var op = OpCodesByValue[value];
            var operandStart = pos;
            pos += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, pos),
                _ => 4,
            };
            if (op.OperandType is not (OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok))
                continue;
            yield return method.Module.ResolveMember(BitConverter.ToInt32(il, operandStart), typeArgs, methodArgs)!;
        }
    }
}
