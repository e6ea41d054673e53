const greeting: string = 'hello from TypeScript'
console.log(greeting)
