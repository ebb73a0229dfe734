using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Gives a loop that runs once per call slots for the values it keeps: when the number of its iterations is known
/// before it starts (a counted loop over parameters the method never writes), the values each iteration saves go to
/// their own places in a span taken at the top of the backward, indexed by the iteration, instead of onto value stacks.
/// A push reads and writes the stack's count in memory and may call out to grow it, so every value the JIT holds
/// across the loop is kept in memory too; a slot is a store at an index held in a register (the leaky recurrence's
/// backward took 2.6× less time with slots, measured on a copy of its generated code). The span is taken at the top,
/// before any value the loop carries is computed, so none is live across the call that rents it.
/// </summary>
/// <remarks>
/// Each save in the body outside nested loops runs at most once per iteration, so it gets a fixed place in the
/// iteration's slots; a save in a branch not taken leaves its place unused. Nested loops keep their values on the stacks.
/// </remarks>
internal static class LoopSlotAssignment
{
    // Element types whose slots start on the method's stack, as the value stacks' do (ForwardSweep).
    private static readonly HashSet<string> SlottedTypes = new(System.StringComparer.Ordinal) { "double", "float", "int", "long", "bool" };

    // What a trip count may name besides parameters (LoopCounter.TripCount's own words).
    private static readonly HashSet<string> TripCountWords = new(System.StringComparer.Ordinal) { "global", "System", "Math", "Max", "Length", "long" };

    public static (ImmutableArray<Stmt> Body, ImmutableArray<ValueStackModel> Stacks, ImmutableArray<SlotBufferModel> Buffers) Assign(
        IReadOnlyList<Variable> variables, NameAllocator names, ImmutableArray<Stmt> body, ImmutableArray<ValueStackModel> stacks)
    {
        // A trip count names only parameters passed by value that the method never assigns (MethodLowering.IsRecomputable):
        // checked again here on the IR, as the count moves to the top of the method.
        var readOnlyParameters = new HashSet<int>(variables.Where(v => v.Role == VariableRole.Parameter).Select(v => v.Id));
        readOnlyParameters.ExceptWith(body.Flattened().SelectMany(s => s switch
        {
            AssignStmt assign => [assign.Target],
            VerbatimStmt verbatim => verbatim.Writes,
            _ => Enumerable.Empty<int>(),
        }));
        var elementTypes = stacks.ToDictionary(s => s.Name, s => s.ElementTypeName, System.StringComparer.Ordinal);
        var buffers = new List<SlotBufferModel>();
        ImmutableArray<Stmt> rewritten = TopLevel(body, null);

        // A stack whose every value went to slots isn't needed any more.
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        used.UnionWith(rewritten.Flattened().SelectMany(StackSaves).Select(save => save.Name));
        return (rewritten, stacks.Where(s => used.Contains(s.Name)).ToImmutableArray(), buffers.ToImmutableArray());

        ImmutableArray<Stmt> TopLevel(IEnumerable<Stmt> statements, string? sourceText) => statements.Select(s => s switch
        {
            SourceStmt source => source with { Body = TopLevel(source.Body, source.SourceText).ToEquatableArray() },
            LoopStmt loop => WithSlots(loop, sourceText ?? "loop"),
            _ => s,
        }).ToImmutableArray();

        LoopStmt WithSlots(LoopStmt loop, string header)
        {
            if (loop.Replays || loop.Trips is not null || loop.Counter?.TripCount is not { } trips
                || CountAtStart(trips, variables, readOnlyParameters) is not { } count)
            {
                return loop;
            }

            // How many values of each type an iteration keeps (a first placement, which only counts).
            var perType = new Dictionary<string, int>(System.StringComparer.Ordinal);
            Place(loop.Body, perType, (save, _) => save);
            if (perType.Count == 0)
            {
                return loop;
            }

            string index = names.Allocate("slot");
            var spans = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (KeyValuePair<string, int> type in perType.OrderBy(t => t.Key, System.StringComparer.Ordinal))
            {
                string span = names.Allocate(type.Key + "Slots");
                spans[type.Key] = span;
                string total = type.Value == 1 ? count : $"{type.Value}L * ({count})";
                buffers.Add(new SlotBufferModel(span, names.Allocate(span + "Rented"), type.Key, type.Value, total, header));
            }

            Save ToSlot(Save save, int place)
            {
                string type = elementTypes[save.Name];
                int k = perType[type];
                string at = k == 1 ? index : place == 0 ? $"{index} * {k}" : $"{index} * {k} + {place}";
                return new Save(spans[type], OnStack: false, at);
            }

            return loop with { Body = Place(loop.Body, new Dictionary<string, int>(System.StringComparer.Ordinal), ToSlot), SlotIndexName = index };
        }

        // Gives each stack save of a slotted type the next place of its type, in the order the iteration runs them; the two arms
        // of a branch, which never both run, start at the same place. `next` ends as the number of places each type needs.
        EquatableArray<Stmt> Place(IEnumerable<Stmt> statements, Dictionary<string, int> next, System.Func<Save, int, Save> toSlot)
        {
            Save Next(Save save)
            {
                if (!save.OnStack || !SlottedTypes.Contains(elementTypes[save.Name]))
                {
                    return save;
                }

                string type = elementTypes[save.Name];
                int place = next.TryGetValue(type, out int taken) ? taken : 0;
                next[type] = place + 1;
                return toSlot(save, place);
            }

            var placed = new List<Stmt>();
            foreach (Stmt s in statements)
            {
                switch (s)
                {
                    case SourceStmt source:
                        placed.Add(source with { Body = Place(source.Body, next, toSlot) });
                        break;
                    case IfStmt branch:
                        var afterElse = new Dictionary<string, int>(next, System.StringComparer.Ordinal);
                        EquatableArray<Stmt> then = Place(branch.Then, next, toSlot);
                        placed.Add(branch with { Then = then, Else = Place(branch.Else, afterElse, toSlot) });
                        foreach (KeyValuePair<string, int> type in afterElse)
                        {
                            next[type.Key] = System.Math.Max(type.Value, next.TryGetValue(type.Key, out int taken) ? taken : 0);
                        }

                        break;
                    case AssignStmt { Save: { } save } assign:
                        placed.Add(assign with { Save = Next(save) });
                        break;
                    case ElementAssignStmt { Save: { } save } store:
                        placed.Add(store with { Save = Next(save) });
                        break;
                    case VerbatimStmt verbatim:
                        placed.Add(verbatim with { Saves = verbatim.Saves.Select(saved => saved with { Save = Next(saved.Save) }).ToList().ToEquatableArray() });
                        break;
                    default:
                        placed.Add(s); // Nested loops keep their values on the stacks: a save there runs any number of times per iteration.
                        break;
                }
            }

            return placed.ToEquatableArray();
        }
    }

    /// <summary>
    /// The trip count as C# the top of the method can evaluate to the same value, without an exception the primal would
    /// not have thrown there: built from parameters the method never writes (a null array's length taken as 0: the loop
    /// throws before it keeps anything); null when it reads anything else.
    /// </summary>
    private static string? CountAtStart(string tripCount, IReadOnlyList<Variable> variables, HashSet<int> readOnlyParameters)
    {
        if (tripCount.Contains('['))
        {
            return null; // An element read could be out of range.
        }

        var byName = variables.ToDictionary(v => v.Name, System.StringComparer.Ordinal);
        string count = tripCount;
        foreach (string identifier in Atoms.Identifiers(tripCount).Where(word => !char.IsDigit(word[0])))
        {
            if (!byName.TryGetValue(identifier, out Variable? v))
            {
                if (!TripCountWords.Contains(identifier))
                {
                    return null;
                }

                continue;
            }

            if (!readOnlyParameters.Contains(v.Id))
            {
                return null;
            }

            if (v.TypeName.TrimEnd('?').EndsWith("]", System.StringComparison.Ordinal))
            {
                count = Regex.Replace(count, $@"(?<![\w.@]){Regex.Escape(identifier)}\.Length\b", $"global::GradientGen.Internal.LoopSlots.LengthOf({identifier})");
            }
        }

        return count;
    }

    private static IEnumerable<Save> StackSaves(Stmt s) => (s switch
    {
        AssignStmt { Save: { } save } => [save],
        ElementAssignStmt { Save: { } save } => [save],
        RowAllocStmt { Save: { } save } => [save],
        VerbatimStmt verbatim => verbatim.Saves.Select(saved => saved.Save),
        _ => System.Array.Empty<Save>(),
    }).Where(save => save.OnStack);
}
