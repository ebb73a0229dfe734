using GradientGen.Tests.Infrastructure;

namespace GradientGen.Tests.AdBench;

/// <summary>The ADBench data is found inside the repository, and its absence fails loudly.</summary>
public class AdBenchDataTests
{
    [Fact]
    public void Data_folder_is_data_adbench_under_the_repository_root()
    {
        string root = AdBenchData.Root;
        Assert.True(File.Exists(Path.Combine(root, "README.md")), $"'{root}' has no README.md");
        Assert.True(File.Exists(Path.Combine(root, "LICENSE.ADBench.txt")), $"'{root}' has no LICENSE.ADBench.txt");
        Assert.Equal(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "data", "adbench"), root);
    }

    [Fact]
    public void A_repository_without_the_data_fails_with_the_path_it_looked_for_and_ignores_folders_beside_it()
    {
        string temp = Directory.CreateTempSubdirectory("adbench-").FullName;
        try
        {
            string repo = Path.Combine(temp, "clone");
            string start = Path.Combine(repo, "tests", "bin");
            Directory.CreateDirectory(start);
            File.WriteAllText(Path.Combine(repo, "GradientGen.sln"), "");
            // Data beside the clone (where it once was looked for) does not count: the clone must hold its own.
            Directory.CreateDirectory(Path.Combine(temp, "data", "adbench"));
            DirectoryNotFoundException e = Assert.Throws<DirectoryNotFoundException>(() => AdBenchData.FindDataFolder(start));
            Assert.Contains(Path.Combine(repo, "data", "adbench"), e.Message);

            Directory.CreateDirectory(Path.Combine(repo, "data", "adbench"));
            Assert.Equal(Path.Combine(repo, "data", "adbench"), AdBenchData.FindDataFolder(start));
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void A_missing_file_fails_with_its_path()
    {
        FileNotFoundException e = Assert.Throws<FileNotFoundException>(() => AdBenchData.PathOf("gmm/no_such_file.txt"));
        Assert.Contains("gmm/no_such_file.txt", e.Message);
    }

    [Fact]
    public void Readers_give_the_sizes_of_the_formats()
    {
        GmmInput g = AdBenchData.Gmm("gmm/test.txt");
        Assert.Equal((2, 3, 1, 1.0, 0), (g.D, g.K, g.N, g.WishartGamma, g.WishartM));
        Assert.Equal([-0.649014, 1.181166, -0.758453], g.Alphas);
        Assert.Equal(new[] { 1.175171, 2.029160 }, g.X);
        Assert.Equal(18, g.ParameterCount);
        Assert.Equal(18, AdBenchData.ReadGradient("golden/from-repo-tests/gmm_test_J.txt").Length);

        LstmInput m = AdBenchData.Lstm("lstm/lstm_l4_c1024.txt");
        Assert.Equal((4, 1024, 14), (m.L, m.C, m.B));
        Assert.Equal((448, 42, 112, 14336), (m.MainParams.Length, m.ExtraParams.Length, m.State.Length, m.Sequence.Length));
        Assert.All(m.Sequence, bit => Assert.True(bit is 0 or 1));
        Assert.Equal(490, m.ParameterCount);
    }
}
