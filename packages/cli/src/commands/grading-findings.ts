import {
  cannotSwitchUsers,
  chooseInterpreter,
  createMemoryCgroup,
  createPidsCgroup,
  GraderError,
  networkNamespace,
  prlimitAvailable,
  privateMountsAvailable,
  switchUser,
} from '@proclife/grader'
import { fail, ok, warn, why, type Finding } from './doctor-finding.js'

/** What `proclife grade` can contain untrusted code with on this machine (each probe makes and removes what it tries). */
export async function gradingFindings(): Promise<Finding[]> {
  const pids = createPidsCgroup(2)
  const memory = createMemoryCgroup(64 * 1024 * 1024)
  const findings = [
    'why' in pids
      ? warn(
          'grading: processes',
          pids.why,
          'proclife grade watches the live count instead and stops a run above the limit (after the fact)',
        )
      : ok(
          'grading: processes',
          `a pids cgroup per run (${pids.kind})`,
          "a fork bomb's forks fail at the limit; threads count too",
        ),
    'why' in memory
      ? warn(
          'grading: memory',
          memory.why,
          "a submission's memory is not limited: run the grader in a container with a memory limit",
        )
      : ok(
          'grading: memory',
          `a memory cgroup per run (${memory.kind})`,
          'a submission over its memory limit is killed by the kernel',
        ),
    networkNamespace().ok
      ? ok(
          'grading: network',
          'a network namespace per run (unshare --net)',
          'submissions have no network unless a lab allows it',
        )
      : warn('grading: network', networkNamespace().why, 'submissions can use the network'),
    prlimitAvailable()
      ? ok(
          'grading: file size',
          'RLIMIT_FSIZE per run (prlimit)',
          "no file a submission writes grows past the lab's maxFileSize",
        )
      : warn('grading: file size', 'prlimit (util-linux) is not on PATH', 'file sizes are not limited'),
    cannotSwitchUsers() === null
      ? ok(
          'grading: users',
          'root, with setpriv',
          'each submission runs as a uid of its own, without capabilities (the default; --user root runs it as root, and every report warns)',
        )
      : warn(
          'grading: users',
          cannotSwitchUsers()!,
          "submissions run as the grader's own user: they can signal the grader and each other, and read and write what it may",
        ),
    privateMountsAvailable().ok
      ? ok(
          'grading: files',
          'a mount namespace per run (unshare --mount, nsenter)',
          'a run sees its own copy, /tmp and /dev/shm in a tmpfs of maxDisk; the rest is read-only; other submissions and the results are hidden',
        )
      : warn(
          'grading: files',
          (privateMountsAvailable() as { why: string }).why,
          'a run may read other submissions and write wherever its user may; disk is bounded per file only: run the grader in a container',
        ),
  ]
  if (!('why' in pids)) await pids.remove()
  if (!('why' in memory)) await memory.remove()
  return findings
}

/** Which Python the grader's runs would use here, as a user of their own (the pyenv problem). */
export async function gradingPythonFinding(): Promise<Finding> {
  if (cannotSwitchUsers() !== null)
    return ok('grading: python', "runs as the grader's own user", 'the python3 on PATH runs the submissions')
  const user = switchUser('auto')
  try {
    const chosen = await chooseInterpreter('python', 'python3', process.cwd(), user)
    return chosen.note
      ? ok('grading: python', `${chosen.path} (${chosen.version})`, chosen.note)
      : ok('grading: python', `${chosen.path} (${chosen.version})`, 'python3, which every user can run')
  } catch (error) {
    if (error instanceof GraderError)
      return fail('grading: python', 'no Python a user of its own can run', error.message)
    return warn('grading: python', why(error), 'proclife grade cannot run .py exercises here')
  } finally {
    user.release()
  }
}

/** The command lines that grade untrusted code as safely as this machine allows, per platform. */
export function safeCommandLines(): Finding {
  const contained = cannotSwitchUsers() === null && privateMountsAvailable().ok
  return (contained ? ok : warn)(
    'grading: commands',
    'Gradescope: proclife grade --format gradescope --out /autograder/results/results.json /autograder/source/lab /autograder/submission · PrairieLearn: proclife grade --format prairielearn --out /grade/results/results.json /grade/tests/lab /grade/student · GitHub Classroom: sudo -E env "PATH=$PATH" npx proclife grade --format github lab/ .',
    contained
      ? 'as root, with no --user: each run as a user of its own, in a mount namespace of its own'
      : 'the grader is not root here: run it as root (as these platforms do) to get a user and a mount namespace of its own per run',
  )
}
