#include "run_binary.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace miglint::testing {
namespace {

std::string read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The argv of the child: the binary, behind setpriv when it must drop root.
std::vector<std::string> child_argv(const BinaryRun& run) {
    std::vector<std::string> argv;
    if (run.as == RunAs::unprivileged && ::geteuid() == 0) {
        argv = {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"};
    }
    argv.emplace_back(MIGLINT_BINARY);
    argv.insert(argv.end(), run.args.begin(), run.args.end());
    return argv;
}

}  // namespace

CliRun run_binary(const BinaryRun& run) {
    // Output goes to files, not pipes: a child that writes much cannot block on a full pipe.
    const TempDir capture;
    std::filesystem::permissions(capture.path(), std::filesystem::perms::all);  // nobody writes here too
    const auto out_path = capture.path() / "stdout";
    const auto err_path = capture.path() / "stderr";
    const auto argv_strings = child_argv(run);
    std::vector<char*> argv;
    for (const auto& arg : argv_strings) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        const int in = run.stdin_path.empty() ? -1 : ::open(run.stdin_path.c_str(), O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if ((in < 0 && !run.stdin_path.empty()) || out < 0 || err < 0) ::_exit(126);
        if (in < 0) {
            ::close(STDIN_FILENO);
        } else {
            ::dup2(in, STDIN_FILENO);
        }
        ::dup2(out, STDOUT_FILENO);
        ::dup2(err, STDERR_FILENO);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    CliRun result;
    result.exit_code = -1;
    if (child < 0) return result;
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(run.timeout_seconds);
    bool killed = false;
    while (::waitpid(child, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(child, SIGKILL);
            ::waitpid(child, &status, 0);
            killed = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!killed && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    result.out = read_whole(out_path);
    result.err = read_whole(err_path);
    if (killed) result.err += "\n(killed after " + std::to_string(run.timeout_seconds) + " s)";
    return result;
}

}  // namespace miglint::testing
