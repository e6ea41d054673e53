import { z } from 'zod'
import { checkList, processId, type checks, type CheckId } from '@proclife/report'
import { legacyCheckKinds } from './legacy-checks.js'

const signalName = z.string().regex(/^(SIG)?[A-Z0-9]+$/, 'a signal name such as SIGUSR1')
const ms = z.number().int().nonnegative()

/** Limits of one run of an exercise. */
export const limitsSchema = z.strictObject({
  /** Kill the whole tree after this many ms (the runner's timeout). */
  timeout: ms.positive().optional(),
  /**
   * At most this many processes alive at once, the root included (a pids cgroup, or a watch). A
   * pids cgroup counts threads too: allow about ten per Node process.
   */
  maxProcesses: z.number().int().min(1).optional(),
  /** Bytes of memory the whole run may use (a memory cgroup; the kernel kills a process over it). */
  maxMemory: z
    .number()
    .int()
    .min(1024 * 1024, 'at least 1 MiB (1048576 bytes)')
    .optional(),
  /** Bytes any one file the run writes may grow to (`RLIMIT_FSIZE`). */
  maxFileSize: z.number().int().min(1024, 'at least 1 KiB (1024 bytes)').optional(),
  /**
   * Bytes the run may write in total: its copy of the submission, `/tmp` and `/dev/shm` are one
   * tmpfs of this size (with one inode per 4 KiB of it), in a mount namespace of its own.
   */
  maxDisk: z
    .number()
    .int()
    .min(1024 * 1024, 'at least 1 MiB (1048576 bytes)')
    .optional(),
  /** Bytes of stdout and of stderr kept. */
  maxOutput: z.number().int().positive().optional(),
  /** After the root exits, how long the rest may take to finish by itself. */
  settle: ms.optional(),
  /** A zombie held longer than this by a living parent counts as "not reaped". */
  overlapMargin: ms.optional(),
  /** Run without network (a network namespace) where the machine allows it. */
  network: z.boolean().optional(),
})

/** One scripted step: the harness acts, or waits (bounded), never sleeps. */
export const stepSchema = z.union(
  [
    z.strictObject({ send: z.string(), timeout: ms.optional() }),
    z.strictObject({ closeStdin: z.literal(true), timeout: ms.optional() }),
    z.strictObject({ waitCheckpoint: z.string().min(1), timeout: ms.optional() }),
    z.strictObject({ release: z.string().min(1), timeout: ms.optional() }),
    /**
     * `group: true` signals the process's whole process group at once (`kill(-pgid)`), as a terminal
     * does for ctrl-c; with a `timeout`, the step first waits that long for the process to exist.
     */
    z.strictObject({
      signal: z.strictObject({ process: processId.default('root'), signal: signalName, group: z.boolean().optional() }),
      timeout: ms.optional(),
    }),
    z.strictObject({ waitZombie: processId, timeout: ms.optional() }),
    z.strictObject({ waitExit: processId, timeout: ms.optional() }),
    z.strictObject({ waitReaped: processId, timeout: ms.optional() }),
    /** Waits until the process exists (it has been spawned). */
    z.strictObject({ waitSpawn: processId, timeout: ms.optional() }),
    /** Waits until the process is stopped (state T: SIGTSTP, SIGSTOP, …). */
    z.strictObject({ waitStopped: processId, timeout: ms.optional() }),
    /** Waits until the process has been stopped and then continued. */
    z.strictObject({ waitContinued: processId, timeout: ms.optional() }),
    /**
     * Types at the run's terminal (`terminal: true`): a key by name (`ctrl-c`, `ctrl-z`, `ctrl-\`,
     * `ctrl-d`, `enter`), which the kernel turns into a signal to the terminal's foreground group
     * where it means one, or any other text as it is (no newline added).
     */
    z.strictObject({ type: z.string().min(1), timeout: ms.optional() }),
  ],
  {
    error:
      'a step is one of: send, closeStdin, waitCheckpoint, release, signal, waitZombie, waitExit, waitReaped, waitSpawn, waitStopped, waitContinued, type',
  },
)

/**
 * The lab's build, run once per submission before its exercises, contained like a run (same user,
 * limits and private files), in a copy of the submission with the lab's `files` in it.
 */
export const buildSchema = z.strictObject({
  /** A shell command line, e.g. `make`; run with `sh -c` in the copy. */
  run: z.string().min(1),
  /** Kill the build after this many ms. */
  timeout: ms.positive().optional(),
})

/**
 * The check keys a lab may use: every check of the report's registry that has a lab key (its
 * parameters are the registry's schema), and the legacy keys kept for labs written before it.
 */
const checkKinds: Readonly<Record<string, z.ZodType>> = {
  ...Object.fromEntries(
    checkList.flatMap((c) => (c.names.lab === undefined ? [] : [[c.names.lab, c.params as z.ZodType]])),
  ),
  ...legacyCheckKinds,
}

/** The kinds of check, in the order the docs list them. */
export const checkKindNames = Object.keys(checkKinds)

const checkObject = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -')
      .optional(),
    points: z.number().nonnegative(),
    feedback: z.string().optional(),
    ...(Object.fromEntries(Object.entries(checkKinds).map(([k, v]) => [k, v.optional()])) as Record<
      string,
      z.ZodOptional<z.ZodType<unknown>>
    >),
  })
  .superRefine((check, ctx) => {
    const kinds = checkKindNames.filter((k) => (check as Record<string, unknown>)[k] !== undefined)
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? `a check needs one of: ${checkKindNames.join(', ')}`
            : `a check has exactly one kind; this one has ${kinds.join(' and ')}`,
      })
    }
  })

/** A check's parameters as the registry reads them. */
type ParamsOf<C> = C extends { params: z.ZodType<infer P, unknown> } ? P : never
/** The registry's checks whose `process` a lab may leave out (it defaults to `root`). */
type RootByDefault = 'exitedWith' | 'killedBy' | 'killedDuringRun'
type CheckBase = { id?: string | undefined; points: number; feedback?: string | undefined }
type Legacy = typeof legacyCheckKinds
type RegistryOutput = { [K in Exclude<CheckId, keyof Legacy>]?: ParamsOf<(typeof checks)[K]> }
type RegistryInput = Omit<RegistryOutput, RootByDefault> & {
  [K in RootByDefault]?: Omit<ParamsOf<(typeof checks)[K]>, 'process'> & { process?: string }
}

/** One check of an exercise, validated: its points, and exactly one kind with its parameters. */
export type Check = CheckBase & RegistryOutput & { [K in keyof Legacy]?: z.output<Legacy[K]> }
/** One check as a lab writes it. */
export type CheckInput = CheckBase & RegistryInput & { [K in keyof Legacy]?: z.input<Legacy[K]> }

/**
 * One check of an exercise. Its keys come from the registry at run time; its type from the
 * registry's parameter types (the runtime schema is what rejects a key no check has).
 */
export const checkSchema = checkObject as unknown as z.ZodType<Check, CheckInput>

export const exerciseSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -'),
  title: z.string().optional(),
  /** The student's file, relative to the submission folder. */
  file: z
    .string()
    .min(1)
    .refine((f) => !f.startsWith('/') && !f.split('/').includes('..'), 'a relative path inside the submission'),
  /** Arguments passed to the target after its file (e.g. `[-p]`). */
  args: z.array(z.string()).optional(),
  /** Interpreter: by the file's extension unless given. */
  interpreter: z.enum(['python', 'node', 'sh']).optional(),
  /**
   * Run the program with a pseudo-terminal as its controlling terminal (in a session of its own),
   * so `type` steps can press ctrl-c and ctrl-z at it; its output is the terminal's (stdout and
   * stderr are one stream). Overrides the lab's `terminal`.
   */
  terminal: z.boolean().optional(),
  limits: limitsSchema.optional(),
  /** Run this many times; a check passes only if it passes every time. */
  repeat: z.number().int().min(1).max(20).optional(),
  steps: z.array(stepSchema).optional(),
  checks: z.array(checkSchema).min(1, 'an exercise needs at least one check'),
})

const pythonVersion = z
  .string({ error: 'a version in quotes, such as "3.11" (unquoted, YAML reads 3.10 as the number 3.1)' })
  .regex(/^\d+(\.\d+){0,2}$/, 'a version such as 3.11 or 3.8.18')

/**
 * The Python a lab's exercises are written for: exactly a `version` (its releases: `3.11` is any
 * 3.11.x), or a `minimum` (that version or newer). The grader picks such a Python on the machine
 * and says clearly when it has none.
 */
export const labPythonSchema = z
  .strictObject({
    version: pythonVersion.optional(),
    minimum: pythonVersion.optional(),
  })
  .refine((p) => (p.version === undefined) !== (p.minimum === undefined), 'give exactly one of version or minimum')

const nodeVersion = z
  .string({ error: 'a version in quotes, such as "22" or "20.11"' })
  .regex(/^\d+(\.\d+){0,2}$/, 'a version such as 22 or 20.11.1 (no leading v)')

/**
 * The Node a lab's `.js`, `.mjs` and `.cjs` exercises are written for, as {@link labPythonSchema}
 * is for Python: exactly a `version` (`22` is any 22.x) or a `minimum`.
 */
export const labNodeSchema = z
  .strictObject({
    version: nodeVersion.optional(),
    minimum: nodeVersion.optional(),
  })
  .refine((p) => (p.version === undefined) !== (p.minimum === undefined), 'give exactly one of version or minimum')

export const labSchema = z
  .strictObject({
    lab: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -'),
    title: z.string().optional(),
    python: labPythonSchema.optional(),
    node: labNodeSchema.optional(),
    defaults: limitsSchema.extend({ repeat: z.number().int().min(1).max(20).optional() }).optional(),
    /**
     * Files and folders of the lab (relative to its folder) copied into every run's copy of the
     * submission, over the student's own: driver programs, headers, a Makefile.
     */
    files: z
      .array(
        z
          .string()
          .min(1)
          .refine((f) => !f.startsWith('/') && !f.split('/').includes('..'), 'a relative path inside the lab folder'),
      )
      .optional(),
    build: buildSchema.optional(),
    /**
     * Bounds of a submission, checked before anything of it is copied: a submission over them is
     * not graded, and its grade says why (defaults: 2000 entries, 32 MiB).
     */
    submission: z
      .strictObject({
        /** Files, folders and links, all counted. */
        maxFiles: z.number().int().min(1).optional(),
        /** Bytes of its files together. */
        maxBytes: z.number().int().min(1024, 'at least 1 KiB (1024 bytes)').optional(),
      })
      .optional(),
    /** Every exercise runs with a terminal unless it says `terminal: false` (see the exercise's `terminal`). */
    terminal: z.boolean().optional(),
    /** How `proclife prove` proves the lab: `repeat` grades each solution that many times, to find unstable checks. */
    prove: z.strictObject({ repeat: z.number().int().min(1).max(20).optional() }).optional(),
    exercises: z.array(exerciseSchema).min(1, 'a lab needs at least one exercise'),
  })
  .superRefine((lab, ctx) => {
    const seen = new Set<string>()
    lab.exercises.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({ code: 'custom', path: ['exercises', i, 'id'], message: `duplicate exercise id "${e.id}"` })
      seen.add(e.id)
      if (e.terminal ?? lab.terminal ?? false) return
      // Typing, and a terminal's foreground group, need a terminal: say so at load time, not as a failed step.
      e.steps?.forEach((s, j) => {
        if ('type' in s)
          ctx.addIssue({
            code: 'custom',
            path: ['exercises', i, 'steps', j, 'type'],
            message: 'a type step needs a terminal: add terminal: true to the exercise or the lab',
          })
      })
      e.checks.forEach((c, j) => {
        if (c.inForeground !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['exercises', i, 'checks', j, 'inForeground'],
            message: 'inForeground needs a terminal: add terminal: true to the exercise or the lab',
          })
      })
    })
  })

/** A lab as written (YAML or `defineLab`). */
export type LabInput = z.input<typeof labSchema>
/** A lab after validation (defaults filled in). */
export type Lab = z.output<typeof labSchema>
export type Exercise = z.output<typeof exerciseSchema>
export type Step = z.output<typeof stepSchema>
export type Limits = z.output<typeof limitsSchema>
export type LabPython = z.output<typeof labPythonSchema>
/** The Node a lab names (`node: { version: "22" }` or `{ minimum: "20" }`). */
export type LabNode = z.output<typeof labNodeSchema>
/** A lab's version of one interpreter kind: exactly one of `version` and `minimum`. */
export type LabInterpreterVersion = LabPython | LabNode
/** A lab's build step. */
export type Build = z.output<typeof buildSchema>
export type CheckKind = string
