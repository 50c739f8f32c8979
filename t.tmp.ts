import { questionParts } from "./src/knowledge/question/parts.js";
for (const q of ["Vay 150 triệu có phải thế chấp không? Lãi suất bao nhiêu?", "vay va tra no the nao", "đi Nhật vay được bao nhiêu, còn đi Hàn thì ký quỹ bao nhiêu", "con toi di nhat thi vay bao nhieu va lai suat the nao", "cho hỏi công ty có giấy phép không và kiểm tra ở đâu"]) console.log(JSON.stringify(questionParts(q)));
