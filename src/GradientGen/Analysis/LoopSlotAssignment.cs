using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using GradientGen.Emit;
using GradientGen.Model;

namespace GradientGen.Analysis;

/// <summary>
/// Gives loops whose number of iterations the top of the method can compute (counted loops over parameters the
/// method never writes, each enclosing loop such a loop too, none in a branch of another) room for what they keep, taken once at the top of the
/// backward: per element type a span and a cursor, the values kept at the cursor and read back in reverse order, as
/// on a value stack. A push read and wrote the stack's count in memory and could call out to grow it, so the JIT
/// kept every value a loop carries in memory too; a store at a cursor held in a register is all that is left (the
/// leaky recurrence's backward took 2.3× less time, measured on a copy of its generated code). The room is taken
/// before any value a loop carries is computed, so none is live across the call that rents it (taken right before
/// the loop, it made the JIT keep the loop's state in memory again).
/// </summary>
/// <remarks>
/// Only values of the types whose room starts on the method's stack (<see cref="ForwardSweep.StackAllocatable"/>) move.
/// The room is the sum, over the saves in such loops, of the product of their loops' trip counts, counting the larger
/// arm of a branch: a save outside the nested loops runs at most once per iteration. A loop in a branch inside a loop,
/// or whose count depends on an enclosing loop's index, keeps its values on the stacks, and so do the loops inside it:
/// how often it runs could be far below that bound. In the method's own branches (the rest of the method after an early
/// return is one) a loop runs once at most, so it has room.
/// </remarks>
internal static class LoopSlotAssignment
{
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
            WritingCallStmt call => call.Written,
            _ => Enumerable.Empty<int>(),
        }));
        var elementTypes = stacks.ToDictionary(s => s.Name, s => s.ElementTypeName, System.StringComparer.Ordinal);
        var placement = new Placement(variables, readOnlyParameters, elementTypes);

        // First how much room each type needs (the saves keep their stacks), then the spans, then the saves moved there.
        placement.Walk(body, trips: null, inBranch: false);
        if (placement.Room.Count == 0)
        {
            return (body, stacks, ImmutableArray<SlotBufferModel>.Empty);
        }

        var buffers = placement.Room.OrderBy(t => t.Key, System.StringComparer.Ordinal).Select(type =>
        {
            string span = names.Allocate(type.Key + "Slots");
            string room = string.Join(" + ", type.Value.OrderBy(p => p.Key.Length).ThenBy(p => p.Key, System.StringComparer.Ordinal).Select(p => $"{p.Value}L * {p.Key}"));
            return new SlotBufferModel(span, names.Allocate(span + "Rented"), names.Allocate(type.Key + "Cursor"), type.Key, $"checked({room})");
        }).ToImmutableArray();
        placement.Buffers = buffers.ToDictionary(b => b.ElementTypeName, System.StringComparer.Ordinal);
        ImmutableArray<Stmt> rewritten = placement.Walk(body, trips: null, inBranch: false).AsImmutableArray();

        // A stack whose every value went to slots isn't needed any more.
        var used = new HashSet<string>(rewritten.Flattened().SelectMany(StackSaves).Select(save => save.Name), System.StringComparer.Ordinal);
        used.UnionWith(rewritten.Flattened().OfType<WritingCallStmt>().SelectMany(call => call.ArrayStacks)); // Arrays stay on their stacks.
        return (rewritten, stacks.Where(s => used.Contains(s.Name)).ToImmutableArray(), buffers);
    }

    /// <summary>Where each save goes: counting the room first (<see cref="Buffers"/> unset), then moving the saves.</summary>
    private sealed class Placement(IReadOnlyList<Variable> variables, HashSet<int> readOnlyParameters, Dictionary<string, string> elementTypes)
    {
        /// <summary>
        /// Per element type, how many saves run per iteration of each nest of loops (the product of their trip counts): in a
        /// branch, the more of its two arms'.
        /// </summary>
        public Dictionary<string, Dictionary<string, int>> Room { get; private set; } = new(System.StringComparer.Ordinal);

        public Dictionary<string, SlotBufferModel>? Buffers { get; set; }

        /// <param name="trips">The trip counts of the loops around, as the top of the method computes them; null outside such loops.</param>
        /// <param name="inBranch">Inside a branch since the innermost such loop's body began (or the method's).</param>
        public EquatableArray<Stmt> Walk(IEnumerable<Stmt> statements, ImmutableList<string>? trips, bool inBranch)
        {
            var placed = new List<Stmt>();
            foreach (Stmt s in statements)
            {
                switch (s)
                {
                    case SourceStmt source:
                        placed.Add(source with { Body = Walk(source.Body, trips, inBranch) });
                        break;
                    case IfStmt branch:
                        // Only one arm runs: each is counted on its own, and the room is the larger.
                        Dictionary<string, Dictionary<string, int>> outer = Room;
                        Room = new(System.StringComparer.Ordinal);
                        EquatableArray<Stmt> then = Walk(branch.Then, trips, inBranch: true);
                        Dictionary<string, Dictionary<string, int>> thenRoom = Room;
                        Room = new(System.StringComparer.Ordinal);
                        placed.Add(branch with { Then = then, Else = Walk(branch.Else, trips, inBranch: true) });
                        Dictionary<string, Dictionary<string, int>> elseRoom = Room;
                        Room = outer;
                        foreach ((string type, string nest) in thenRoom.Concat(elseRoom).SelectMany(t => t.Value.Keys.Select(k => (t.Key, k))).Distinct().ToList())
                        {
                            Add(type, nest, System.Math.Max(CountOf(thenRoom, type, nest), CountOf(elseRoom, type, nest)));
                        }

                        break;
                    case LoopStmt loop:
                        // A loop in a branch of a loop may run far fewer times than its count says (in one of the method's own
                        // branches, such as the rest of the method after an early return, it runs once at most). One whose count
                        // the top of the method can't compute keeps its values on the stacks, and so do the loops inside it.
                        string? count = inBranch && trips is not null ? null : Countable(loop);
                        LoopStmt walked = count is null ? loop : loop with { Body = Walk(loop.Body, (trips ?? ImmutableList<string>.Empty).Add(count), inBranch: false) };

                        // A selection's index, kept after each run of the loop, once per iteration of the loops around it.
                        placed.Add(walked.Selection is { Kept: { } kept } selection ? walked with { Selection = selection with { Kept = Place(kept, trips) } } : walked);
                        break;
                    case AssignStmt { Save: { } save } assign:
                        placed.Add(assign with { Save = Place(save, trips) });
                        break;
                    case ElementAssignStmt { Save: { } save } store:
                        placed.Add(store with { Save = Place(save, trips) });
                        break;
                    case VerbatimStmt verbatim:
                        placed.Add(verbatim with { Saves = verbatim.Saves.Select(saved => saved with { Save = Place(saved.Save, trips) }).ToList().ToEquatableArray() });
                        break;
                    case WritingCallStmt call:
                        placed.Add(call with { Saves = call.Saves.Select(saved => saved with { Save = Place(saved.Save, trips) }).ToList().ToEquatableArray() });
                        break;
                    default:
                        placed.Add(s);
                        break;
                }
            }

            return placed.ToEquatableArray();
        }

        // A replaying selection keeps one iteration's values: room for every iteration would be mostly unused.
        private string? Countable(LoopStmt loop) =>
            loop.Replays || loop.Selection is { Replays: true } || loop.Trips is not null || loop.Counter?.TripCount is not { } trips ? null : CountAtStart(trips, variables, readOnlyParameters);

        private Save Place(Save save, ImmutableList<string>? trips)
        {
            if (trips is null || !save.OnStack || !ForwardSweep.StackAllocatable.Contains(elementTypes[save.Name]))
            {
                return save;
            }

            string type = elementTypes[save.Name];
            if (Buffers is null)
            {
                Add(type, string.Join(" * ", trips.Select(t => $"({t})")), 1);
                return save;
            }

            SlotBufferModel slots = Buffers[type];
            return new Save(slots.Name, OnStack: false, slots.CursorName);
        }

        private void Add(string type, string nest, int saves)
        {
            if (!Room.TryGetValue(type, out Dictionary<string, int>? nests))
            {
                Room[type] = nests = new Dictionary<string, int>(System.StringComparer.Ordinal);
            }

            nests[nest] = CountOf(Room, type, nest) + saves;
        }

        private static int CountOf(Dictionary<string, Dictionary<string, int>> room, string type, string nest) =>
            room.TryGetValue(type, out Dictionary<string, int>? nests) && nests.TryGetValue(nest, out int count) ? count : 0;
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
        WritingCallStmt call => call.Saves.Select(saved => saved.Save),
        LoopStmt { Selection.Kept: { } kept } => [kept],
        _ => System.Array.Empty<Save>(),
    }).Where(save => save.OnStack);
}
