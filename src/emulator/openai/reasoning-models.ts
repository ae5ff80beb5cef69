/** OpenAI models that reason before answering (o-series and GPT-5, except the `-chat` variants). */
export function isOpenAiReasoningModel(model: string): boolean {
  const name = model.slice(model.lastIndexOf("/") + 1);
  return /^(o1|o3|o4|gpt-5)/.test(name) && !/-chat/.test(name);
}
